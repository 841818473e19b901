/**
 * The k3s findings' probes for one cell alone, outside vitest (a repro bundle, inside the cell's sandbox): the
 * same k3sProbes the tier runs (suites/k3s/k3s.test.ts), built for a tier of just this cell, with the parts of
 * the cell's run the finding needs: the stability watch runs beside the control-plane checks, as in the tier.
 */
import type { Probe } from "../../helpers/finding/probe.js";
import { controlPlaneMode } from "../../helpers/k3s/server-args.js";
import { K3sSessions } from "../../helpers/k3s/server-session.js";
import { k3sTimings } from "../../helpers/k3s/timings.js";
import type { ProvidedCell } from "../../helpers/sandbox/provided-cell.js";
import {
  k3sControlPlane,
  k3sPodNeverRuns,
  k3sPodSandboxFails,
  k3sServerStable,
  k3sServiceNetworkingFails,
} from "./findings.js";
import { k3sProbes } from "./k3s-probes.js";

export interface OneCellProbe {
  probe: Probe;
  /** Stops the cell's cluster if the probe left it running. */
  stop: () => Promise<void>;
}

export function k3sProbeForCell(findingId: string, cell: ProvidedCell, role: "cluster" | "pods"): OneCellProbe {
  const pods = findingId === k3sPodSandboxFails.id || findingId === k3sPodNeverRuns.id;
  const service = findingId === k3sServiceNetworkingFails.id;
  const sessions = new K3sSessions();
  const probes = k3sProbes(
    sessions,
    k3sTimings(process.env),
    controlPlaneMode(process.env),
    { cells: [cell], roleOf: () => role },
    { stable: !pods && !service, controlPlane: !pods && !service, pods, service },
    1,
  );
  const byId: Record<string, Probe> = {
    [k3sServerStable.id]: probes.serverStable,
    [k3sControlPlane.id]: probes.controlPlane,
    [k3sPodSandboxFails.id]: probes.podSandbox,
    [k3sPodNeverRuns.id]: probes.podNeverRuns,
    [k3sServiceNetworkingFails.id]: probes.service,
  };
  const probe = byId[findingId];
  if (!probe) throw new Error(`${findingId} is not a k3s finding`);
  return { probe, stop: () => sessions.stopAll() };
}
