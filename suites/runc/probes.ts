/** The probes of the runc findings: bound to them in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe } from "../../helpers/finding/probe.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { runcTrials } from "./findings.js";
import { judgeCgroupNamespace, judgeNeverStarts, judgeTrials, pathLines } from "./trial-verdicts.js";

export const enoentWithoutFilesProbe: Probe = async (ctx) =>
  judgeTrials(await runRuncTrials(ctx, { trials: runcTrials() }), ["cgroup-procs-enoent"]);

export const rejectsFakeFilesProbe: Probe = async (ctx) => {
  const r = await runRuncTrials(ctx, { trials: runcTrials(), preCreate: true, strace: true });
  if (r.traced) {
    ctx.evidence.text(
      "the path runc takes (strace -f): openat2 first; where it fails (ENOSYS), runc's fallback opens the file and " +
        "checks fstatfs f_type, and anything but cgroupfs is 'not a cgroup file' (runc libcontainer/cgroups/file.go, " +
        "openAndCheck)",
      pathLines(r.traced.excerpt).join("\n"),
    );
  }
  return judgeTrials(r, ["cgroup-procs-not-cgroup-file"]);
};

export const blockedWithoutKernelCgroupsProbe: Probe = async (ctx) => {
  const run = await runRuncTrials(ctx, { trials: runcTrials() });
  const create = await runRuncTrials(ctx, { trials: 1, command: "create" });
  return judgeNeverStarts([run, create]);
};

export const cgroupNamespaceProbe: Probe = async (ctx) => {
  const control = await runRuncTrials(ctx, { trials: 1 });
  const withNs = await runRuncTrials(ctx, { trials: runcTrials(), cgroupns: true });
  return judgeCgroupNamespace(control, withNs);
};
