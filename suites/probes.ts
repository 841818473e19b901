/**
 * Finding id -> its probe, for running one finding outside vitest: a repro bundle runs it inside the cell's
 * sandbox (helpers/repro/in-sandbox.ts). The same probe objects the *.test.ts files bind, so the two cannot drift.
 */
import type { TrialStats } from "../helpers/finding/evidence.js";
import type { Probe } from "../helpers/finding/probe.js";
import type { ProvidedCell } from "../helpers/sandbox/provided-cell.js";
import { fakeFilesAreRegular, noAutopopulate } from "./cgroups/findings.js";
import { fakeFilesAreRegularProbe, noAutopopulateProbe } from "./cgroups/probes.js";
import { criKernelVersionCheck, podSandboxError, transferImportUnpack } from "./containerd/findings.js";
import {
  criKernelVersionCheckProbe,
  podSandboxErrorProbe,
  transferImportUnpackProbe,
} from "./containerd/probes.js";
import { inotifyWinsRace, pollingLosesRace } from "./faker/findings.js";
import { inotifyWinsRaceProbe, pollingLosesRaceProbe } from "./faker/probes.js";
import { ioEnosys } from "./fuse/findings.js";
import { ioEnosysProbe } from "./fuse/probes.js";
import { realtimeCreate } from "./inotify/findings.js";
import { realtimeCreateProbe } from "./inotify/probes.js";
import { k3sFindings } from "./k3s/findings.js";
import { k3sProbeForCell, type OneCellProbe } from "./k3s/one-cell-probes.js";
import { kernelMatchesRuntime } from "./kernel/findings.js";
import { matchesRuntimeProbe } from "./kernel/probes.js";
import { overhead } from "./ptrace/findings.js";
import { overheadProbe } from "./ptrace/probes.js";
import {
  blockedWithoutKernelCgroups,
  cgroupNamespaceUnsupported,
  enoentWithoutFiles,
  rejectsFakeFiles,
} from "./runc/findings.js";
import {
  blockedWithoutKernelCgroupsProbe,
  cgroupNamespaceProbe,
  enoentWithoutFilesProbe,
  rejectsFakeFilesProbe,
} from "./runc/probes.js";

/** Every finding but the k3s tier's, whose probes are built per cell (k3sProbeForCell). */
export const PROBES: Readonly<Record<string, Probe>> = {
  [kernelMatchesRuntime.id]: matchesRuntimeProbe,
  [noAutopopulate.id]: noAutopopulateProbe,
  [fakeFilesAreRegular.id]: fakeFilesAreRegularProbe,
  [realtimeCreate.id]: realtimeCreateProbe,
  [ioEnosys.id]: ioEnosysProbe,
  [overhead.id]: overheadProbe,
  [enoentWithoutFiles.id]: enoentWithoutFilesProbe,
  [rejectsFakeFiles.id]: rejectsFakeFilesProbe,
  [blockedWithoutKernelCgroups.id]: blockedWithoutKernelCgroupsProbe,
  [cgroupNamespaceUnsupported.id]: cgroupNamespaceProbe,
  [pollingLosesRace.id]: pollingLosesRaceProbe,
  [inotifyWinsRace.id]: inotifyWinsRaceProbe,
  [podSandboxError.id]: podSandboxErrorProbe,
  [criKernelVersionCheck.id]: criKernelVersionCheckProbe,
  [transferImportUnpack.id]: transferImportUnpackProbe,
};

export const isK3sFinding = (findingId: string): boolean => k3sFindings.some((f) => f.id === findingId);

/** The finding's probe for this cell; `k3sRole` is the cell's role in the k3s tier (k3s findings only). */
export function probeFor(findingId: string, cell: ProvidedCell, k3sRole: "cluster" | "pods" | null): OneCellProbe {
  if (isK3sFinding(findingId)) {
    if (!k3sRole) throw new Error(`${cell.id} is not a cell of the k3s tier (fixtures/cells.json, k3sTier)`);
    return k3sProbeForCell(findingId, cell, k3sRole);
  }
  const probe = PROBES[findingId];
  if (!probe) throw new Error(`no probe is registered for ${findingId} (suites/probes.ts)`);
  return { probe, stop: async () => undefined };
}

/**
 * The run's settings a finding's probe reads from the environment, recovered from the trial count the run
 * recorded (`conformance --trials N` sets GVC_RACE_TRIALS; GVC_RUNC_TRIALS the others), so that a repro runs as
 * many trials as the run did. Nothing for the findings whose stats count something else.
 */
export function runSettings(findingId: string, stats: TrialStats | undefined): Record<string, string> {
  const trials = stats?.trials ?? 0;
  switch (findingId) {
    case inotifyWinsRace.id:
      return trials > 0 ? { GVC_RACE_TRIALS: String(trials) } : {};
    case enoentWithoutFiles.id:
    case rejectsFakeFiles.id:
    case pollingLosesRace.id:
    case podSandboxError.id:
      return trials > 0 ? { GVC_RUNC_TRIALS: String(trials) } : {};
    case blockedWithoutKernelCgroups.id: // runcTrials() runs, then one create
      return trials > 1 ? { GVC_RUNC_TRIALS: String(trials - 1) } : {};
    default:
      return {};
  }
}
