/**
 * The k3s tier. Where no k3s can be provided (the usual case here: no registry, no package) every finding is
 * a visible skip saying how to provide it, and the run summary says the tier did not run.
 */
import { afterAll, inject, vi } from "vitest";
import { checkFinding, isSelected } from "../../helpers/finding/check-finding.js";
import { controlPlaneMode } from "../../helpers/k3s/server-args.js";
import { K3sSessions } from "../../helpers/k3s/server-session.js";
import { k3sTierRole } from "../../helpers/k3s/tier-cells.js";
import { k3sTimings } from "../../helpers/k3s/timings.js";
import type { ProvidedCell } from "../../helpers/sandbox/provided-cell.js";
import { catalog } from "../catalog.js";
import { CONTROL_PLANE_BUDGET_MS } from "./control-plane-checks.js";
import {
  k3sControlPlane,
  k3sPodNeverRuns,
  k3sPodSandboxFails,
  k3sServerStable,
  k3sServiceNetworkingFails,
} from "./findings.js";
import { clustersAtOnce, k3sProbes } from "./k3s-probes.js";
import { SERVICE_BUDGET_MS } from "./service-experiment.js";

const timings = k3sTimings(process.env);
const slots = clustersAtOnce(process.env);
const cells = inject("cells");
const roleOf = (c: ProvidedCell) => k3sTierRole(c.info.dimensions, undefined, c.info.dockerRuntime);

// A k3s finding waits for its cell's turn (at most `slots` clusters at once), then for its cell's run: readiness,
// the watch and checks, the pod, the Service experiment, the stop. Each step is bounded; this is the backstop
// over all of them.
const perCellMs =
  timings.readyDeadlineMs +
  Math.max(timings.stableMs, CONTROL_PLANE_BUDGET_MS) +
  timings.podDeadlineMs +
  SERVICE_BUDGET_MS(timings.podDeadlineMs) +
  300_000;
const waves = Math.max(1, Math.ceil(cells.filter((c) => roleOf(c) !== null).length / slots));
vi.setConfig({ testTimeout: waves * perCellMs + 120_000 });

const sessions = new K3sSessions();
afterAll(() => sessions.stopAll());
const probes = k3sProbes(
  sessions,
  timings,
  controlPlaneMode(process.env),
  { cells, roleOf },
  {
    stable: isSelected(k3sServerStable),
    controlPlane: isSelected(k3sControlPlane),
    pods: isSelected(k3sPodSandboxFails) || isSelected(k3sPodNeverRuns),
    service: isSelected(k3sServiceNetworkingFails),
  },
  slots,
);

checkFinding(catalog, k3sServerStable, probes.serverStable);
checkFinding(catalog, k3sControlPlane, probes.controlPlane);
checkFinding(catalog, k3sPodSandboxFails, probes.podSandbox);
checkFinding(catalog, k3sPodNeverRuns, probes.podNeverRuns);
checkFinding(catalog, k3sServiceNetworkingFails, probes.service);
