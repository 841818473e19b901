/** The decision of containerd/crun-without-kernel-cgroups, pure so that each answer is unit-tested. */
import { containerdVersionFact } from "../../helpers/env/cell-facts.js";
import type { ProbeResult } from "../../helpers/finding/probe.js";
import type { ContainerdTrials } from "../../helpers/probes/containerd-trials.js";
import { setupBlocked } from "./judge-containerd.js";
import { BEFORE_CGROUP_WRITE, isCgroupApplyFailure } from "../../helpers/probes/runtime-error-class.js";

export function judgeCrunBehindContainerd(r: ContainerdTrials): ProbeResult {
  const blocked = setupBlocked(r);
  if (blocked) return blocked;
  const counts: Record<string, number> = {};
  for (const t of r.trials) {
    const key = t.ran ? "ran" : t.error.class;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const stats = { trials: r.trials.length, counts };
  const said = Object.entries(counts)
    .map(([c, n]) => `${c} ${n}`)
    .join(", ");
  const ran = counts.ran ?? 0;
  if (ran > 0)
    return {
      verdict: "does-not-hold",
      summary: `containerd ${containerdVersionFact(r.containerdVersion)} ran ${ran}/${r.trials.length} container(s) on crun without kernel-backed cgroup files (${said})`,
      stats,
    };
  const failed = r.trials.filter((t) => !t.ran);
  const atCgroups = failed.find((t) => isCgroupApplyFailure(t.error));
  if (atCgroups)
    return {
      verdict: "holds",
      summary: `no trial ran; crun failed at its cgroup files (${said}): ${atCgroups.error.normalised.slice(-200)}`,
      stats,
    };
  const classes = Object.keys(counts);
  const before =
    classes.length > 0 && classes.every((c) => (BEFORE_CGROUP_WRITE as readonly string[]).includes(c));
  const [first] = failed;
  return {
    verdict: "blocked",
    summary:
      (r.trials.length === 0
        ? "no trial ran"
        : before
          ? `crun was stopped before its cgroups (${said})`
          : `crun got past its cgroup files and stopped elsewhere (${said})`) +
      (first ? `: ${first.error.normalised.slice(-200)}` : ""),
    stats,
  };
}
