/**
 * Finding id -> its probe, for running one finding outside vitest: a repro bundle runs it inside the cell's
 * sandbox (helpers/repro/in-sandbox.ts). The same probe objects the *.test.ts files bind, so the two cannot drift.
 */
import type { TrialStats } from "../helpers/finding/evidence.js";
import type { Probe } from "../helpers/finding/probe.js";
import type { ProvidedCell } from "../helpers/sandbox/provided-cell.js";
import { fakeFilesAreRegular, noAutopopulate } from "./cgroups/findings.js";
import { fakeFilesAreRegularProbe, noAutopopulateProbe } from "./cgroups/probes.js";
import {
  criKernelVersionCheck,
  crunWithoutKernelCgroups,
  podSandboxError,
  transferImportUnpack,
} from "./containerd/findings.js";
import {
  criKernelVersionCheckProbe,
  crunWithoutKernelCgroupsProbe,
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
import { kernelMatchesRuntime, survivesGetrandomLoad } from "./kernel/findings.js";
import { survivesGetrandomLoadProbe } from "./kernel/getrandom-load.js";
import { matchesRuntimeProbe } from "./kernel/probes.js";
import { ociRuntimes } from "../helpers/env/oci-runtimes.js";
import { allNeedKernelCgroups, runtimeFindings } from "./oci-runtimes/findings.js";
import { allNeedKernelCgroupsProbe, probesFor } from "./oci-runtimes/probes.js";
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
  [survivesGetrandomLoad.id]: survivesGetrandomLoadProbe,
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
  [crunWithoutKernelCgroups.id]: crunWithoutKernelCgroupsProbe,
  [allNeedKernelCgroups.id]: allNeedKernelCgroupsProbe,
  ...Object.fromEntries(
    runtimeFindings.flatMap((r) => {
      const probes = probesFor(r.runtime.name);
      return [
        [r.enoentWithoutFiles.id, probes.enoentWithoutFiles],
        [r.rejectsFakeFiles.id, probes.rejectsFakeFiles],
        [r.blockedWithoutKernelCgroups.id, probes.blockedWithoutKernelCgroups],
      ];
    }),
  ),
};

/** The finding's role among the runc claims, whichever OCI runtime it asks (runc's own ids among them). */
function runcClaimOf(findingId: string): "enoent" | "rejects" | "blocked" | null {
  const all = [
    { enoent: enoentWithoutFiles.id, rejects: rejectsFakeFiles.id, blocked: blockedWithoutKernelCgroups.id },
    ...runtimeFindings.map((r) => ({
      enoent: r.enoentWithoutFiles.id,
      rejects: r.rejectsFakeFiles.id,
      blocked: r.blockedWithoutKernelCgroups.id,
    })),
  ];
  for (const ids of all)
    for (const [claim, id] of Object.entries(ids))
      if (id === findingId) return claim as "enoent" | "rejects" | "blocked";
  return null;
}

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
  const runcClaim = runcClaimOf(findingId);
  // runc's own claims run GVC_RUNC_TRIALS; the same claims of the runtimes beside it GVC_OCI_TRIALS.
  const variable = findingId.startsWith("runc/") ? "GVC_RUNC_TRIALS" : "GVC_OCI_TRIALS";
  if (runcClaim === "blocked") return trials > 1 ? { [variable]: String(trials - 1) } : {};
  if (runcClaim !== null) return trials > 0 ? { [variable]: String(trials) } : {};
  switch (findingId) {
    case inotifyWinsRace.id:
      return trials > 0 ? { GVC_RACE_TRIALS: String(trials) } : {};
    case allNeedKernelCgroups.id: // ociTrials() per runtime
      return trials > 0 ? { GVC_OCI_TRIALS: String(Math.round(trials / ociRuntimes().length)) } : {};
    case pollingLosesRace.id:
    case podSandboxError.id:
    case crunWithoutKernelCgroups.id:
      return trials > 0 ? { GVC_RUNC_TRIALS: String(trials) } : {};
    default:
      return {};
  }
}
