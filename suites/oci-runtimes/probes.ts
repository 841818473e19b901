/**
 * The probes of the OCI runtime findings: runc's (suites/runc/probes.ts binds the same factory to runc) and the
 * other runtimes', bound in *.test.ts and run inside the sandbox by repro bundles.
 */
import type { Probe, ProbeResult } from "../../helpers/finding/probe.js";
import { ociRuntimes } from "../../helpers/env/oci-runtimes.js";
import { runRuncTrials, type RuncTrials } from "../../helpers/probes/runc-trials.js";
import { runcTrials } from "../runc/findings.js";
import { judgeNeverStarts, judgeTrials, pathLines } from "../runc/trial-verdicts.js";
import { ociTrials } from "./findings.js";
import { judgeAllRuntimes } from "./judge-all-runtimes.js";

/** The verdict's summary opens with the runtime and its version, so that a reader sees which one said it. */
function named(r: RuncTrials, result: ProbeResult): ProbeResult {
  const who = r.runtimeVersion || r.runtime;
  return result.summary.startsWith(who) ? result : { ...result, summary: `${who}: ${result.summary}` };
}

function tracedPath(ctx: Parameters<Probe>[0], r: RuncTrials): void {
  if (!r.traced) return;
  ctx.evidence.text(
    `the path ${r.runtime} takes to its cgroup files (strace -f): openat2 or open, with O_CREAT or not; where ` +
      "openat2 fails (ENOSYS) runc falls back to open + fstatfs, whose f_type decides (runc " +
      "libcontainer/cgroups/file.go, openAndCheck)",
    pathLines(r.traced.excerpt).join("\n"),
  );
}

export interface RuntimeProbes {
  enoentWithoutFiles: Probe;
  rejectsFakeFiles: Probe;
  blockedWithoutKernelCgroups: Probe;
}

/**
 * runc keeps its 5 trials (GVC_RUNC_TRIALS); the runtimes beside it run GVC_OCI_TRIALS (3), and their `run`
 * without files is measured once per cell for the two findings that read it (ENOENT, never starts).
 */
export function probesFor(runtime: string): RuntimeProbes {
  const trials = () => (runtime === "runc" ? runcTrials() : ociTrials());
  const shareAs = runtime === "runc" ? undefined : "run-without-files";
  return {
    enoentWithoutFiles: async (ctx) => {
      const r = await runRuncTrials(ctx, { runtime, trials: trials(), ...(shareAs ? { shareAs } : {}) });
      return named(r, judgeTrials(r, ["cgroup-procs-enoent"]));
    },
    rejectsFakeFiles: async (ctx) => {
      const r = await runRuncTrials(ctx, { runtime, trials: trials(), preCreate: true, strace: true });
      tracedPath(ctx, r);
      return named(r, judgeTrials(r, ["cgroup-procs-not-cgroup-file"]));
    },
    blockedWithoutKernelCgroups: async (ctx) => {
      const run = await runRuncTrials(ctx, { runtime, trials: trials(), ...(shareAs ? { shareAs } : {}) });
      const create = await runRuncTrials(ctx, { runtime, trials: 1, command: "create" });
      return named(run, judgeNeverStarts([run, create]));
    },
  };
}

/** Every runtime of fixtures/oci-runtimes.json, runc first, without a network namespace; one trial traced each. */
export const allNeedKernelCgroupsProbe: Probe = async (ctx) => {
  const runs: RuncTrials[] = [];
  for (const rt of ociRuntimes()) {
    const r = await runRuncTrials(ctx, { runtime: rt.name, trials: ociTrials(), hostNetwork: true, strace: true });
    tracedPath(ctx, r);
    runs.push(r);
  }
  return judgeAllRuntimes(runs);
};
