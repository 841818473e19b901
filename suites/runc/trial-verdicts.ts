/** Verdicts over runc trials, pure: the shared rules of the runc and faker findings. */
import { judgeClassShare } from "../../helpers/finding/class-share.js";
import type { ProbeResult } from "../../helpers/finding/probe.js";
import { BEFORE_CGROUP_WRITE } from "../../helpers/probes/runtime-error-class.js";
import { classCounts, ranBeforeHang, type RuncTrials } from "../../helpers/probes/runc-trials.js";

/**
 * Blocked when the bundle could not even be prepared, the runtime is not in the image (its `--version` did not
 * run), or a trial did not return (killed at the script's bound): that step and its error are the evidence.
 */
export function bundleBlocked(r: RuncTrials): ProbeResult | null {
  if (r.bundle.exitCode !== 0)
    return {
      verdict: "blocked",
      summary: `runc spec failed (exit ${r.bundle.exitCode}): ${r.bundle.stderr.trim()}`,
    };
  if (r.versionStep.exitCode !== 0)
    return {
      verdict: "blocked",
      summary:
        `${r.runtime} is not installed in the image (\`${r.runtime} --version\` exit ${r.versionStep.exitCode}: ` +
        `${r.versionStep.stderr.trim().slice(0, 200)})`,
    };
  // A trial killed at the bound says nothing, unless its container had run (then it counts as started).
  const hung = r.trials.find((t) => t.timedOut && !ranBeforeHang(t));
  if (hung)
    return {
      verdict: "blocked",
      summary:
        `${r.runtimeVersion || r.runtime} did not return within ${Math.round(hung.ms / 1000)} s and was killed ` +
        `(trial ${r.trials.indexOf(hung) + 1} of ${r.trials.length}): a step that failed to run, no verdict`,
    };
  return null;
}

/**
 * Blocked when every trial failed before runc writes a cgroup file (no devices mount, unsafe procfs): the claim
 * is about that write and cannot be judged; the class and one raw error are the evidence.
 */
export function failedBeforeCgroups(r: RuncTrials): ProbeResult | null {
  const { counts, examples } = classCounts(r.trials);
  const classes = Object.keys(counts);
  if (classes.length === 0 || !classes.every((c) => (BEFORE_CGROUP_WRITE as readonly string[]).includes(c)))
    return null;
  const first = classes[0] ?? "";
  const stats = { trials: r.trials.length, counts };
  return {
    verdict: "blocked",
    summary: `${r.runtimeVersion} failed before applying cgroups (${first}): ${examples[first]?.slice(-200) ?? ""}`,
    stats,
  };
}

/** Holds when 90% of the trials ended in one of the claimed classes. */
export function judgeTrials(r: RuncTrials, claimed: readonly string[]): ProbeResult {
  return bundleBlocked(r) ?? failedBeforeCgroups(r) ?? judgeClassShare(classCounts(r.trials).counts, claimed);
}

/** runc/blocked-without-kernel-cgroups: holds when no trial started the container. */
export function judgeNeverStarts(runs: readonly RuncTrials[]): ProbeResult {
  const blocked = runs.map(bundleBlocked).find((b) => b !== null);
  if (blocked) return blocked;
  const { counts } = classCounts(runs.flatMap((r) => r.trials));
  const failures = Object.keys(counts).filter((c) => c !== "success");
  const result = judgeClassShare(counts, failures.length > 0 ? failures : ["(any failure)"], 1);
  const started = counts.success ?? 0;
  return {
    ...result,
    summary: `${started === 0 ? "no trial started" : `${started} trial(s) started the container`}; ${result.summary}`,
  };
}

/**
 * runc/cgroup-namespace-unsupported: holds when no trial with a cgroup namespace started while the same bundle
 * without one did (the control); blocked when the control did not start either (runc fails here for another
 * reason, named by its class).
 */
export function judgeCgroupNamespace(control: RuncTrials, withNs: RuncTrials): ProbeResult {
  const blocked = bundleBlocked(control) ?? bundleBlocked(withNs);
  if (blocked) return blocked;
  const base = classCounts(control.trials);
  if ((base.counts.success ?? 0) === 0) {
    const [first = "no trial"] = Object.keys(base.counts);
    return {
      verdict: "blocked",
      summary: `runc starts no container here even without a cgroup namespace (${first}): ${base.examples[first]?.slice(-200) ?? ""}`,
      stats: { trials: control.trials.length, counts: base.counts },
    };
  }
  const { counts, examples } = classCounts(withNs.trials);
  const started = counts.success ?? 0;
  const failures = Object.entries(counts).filter(([c]) => c !== "success");
  const stats = { trials: withNs.trials.length, counts };
  const classes = failures.map(([c, n]) => `${c} ${n}`).join(", ");
  if (started > 0)
    return {
      verdict: "does-not-hold",
      summary: `${started}/${withNs.trials.length} trial(s) with a cgroup namespace started the container${classes ? ` (failed: ${classes})` : ""}`,
      stats,
    };
  const [first = ""] = failures[0] ?? [];
  return {
    verdict: "holds",
    summary: `without a cgroup namespace the container starts; with one no trial did (${classes}): ${examples[first]?.trim().slice(-200) ?? ""}`,
    stats,
  };
}

/** The lines of a traced runtime run that show which path it took to its cgroup files (runc, crun, youki). */
export function pathLines(excerpt: readonly string[]): string[] {
  // An open or mkdir of a cgroup path (youki's openat2 calls under /proc are not), or the f_type a check reads.
  const cgroupCall = /(open(at2?)?|mkdir(at)?)\([^"]*"[^"]*(\/sys\/fs\/cgroup|k8s\.io)[^"]*"/;
  return excerpt.filter((l) => cgroupCall.test(l) || /f_type=(TMPFS|CGROUP)/.test(l)).slice(0, 12);
}
