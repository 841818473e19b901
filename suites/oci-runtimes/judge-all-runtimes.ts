/**
 * oci-runtime/all-need-kernel-cgroups, pure: one verdict per cell over every runtime's trials, each runtime
 * named with its version and what happened to it.
 */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import { classCounts, type RuncTrials } from "../../helpers/probes/runc-trials.js";
import { classifyRuntimeError, isCgroupApplyFailure } from "../../helpers/probes/runtime-error-class.js";
import { bundleBlocked, failedBeforeCgroups } from "../runc/trial-verdicts.js";

export type RuntimeOutcome =
  | { kind: "started"; started: number }
  | { kind: "failed-at-cgroups"; cls: string }
  | { kind: "not-judged"; why: string };

export interface RuntimeVerdictLine {
  runtime: string;
  version: string;
  outcome: RuntimeOutcome;
  /** The one raw error behind the outcome (empty when a trial started). */
  example: string;
}

/** What one runtime's trials say about the claim. */
export function runtimeOutcome(r: RuncTrials): RuntimeVerdictLine {
  const version = r.runtimeVersion || r.runtime;
  const early = bundleBlocked(r) ?? failedBeforeCgroups(r);
  if (early)
    return { runtime: r.runtime, version, outcome: { kind: "not-judged", why: early.summary }, example: "" };
  const { counts, examples } = classCounts(r.trials);
  const started = counts.success ?? 0;
  if (started > 0) return { runtime: r.runtime, version, outcome: { kind: "started", started }, example: "" };
  const failures = Object.keys(counts);
  const atCgroups = failures.find((c) => isCgroupApplyFailure(classifyRuntimeError(examples[c] ?? "")));
  if (atCgroups !== undefined)
    return {
      runtime: r.runtime,
      version,
      outcome: { kind: "failed-at-cgroups", cls: atCgroups },
      example: examples[atCgroups]?.trim().slice(-200) ?? "",
    };
  const [first = "no trial"] = failures;
  return {
    runtime: r.runtime,
    version,
    outcome: { kind: "not-judged", why: `past its cgroup files, stopped at ${first}` },
    example: examples[first]?.trim().slice(-200) ?? "",
  };
}

export function describeOutcome(l: RuntimeVerdictLine, trials: number): string {
  switch (l.outcome.kind) {
    case "started":
      return `${l.version}: started the container in ${l.outcome.started}/${trials}`;
    case "failed-at-cgroups":
      return `${l.version}: failed at its cgroup files (${l.outcome.cls})`;
    case "not-judged":
      return `${l.version}: not judged (${l.outcome.why})`;
  }
}

export function judgeAllRuntimes(runs: readonly RuncTrials[]): ProbeResult {
  const lines = runs.map(runtimeOutcome);
  const trials = (r: RuntimeVerdictLine) => runs.find((x) => x.runtime === r.runtime)?.trials.length ?? 0;
  const said = lines.map((l) => describeOutcome(l, trials(l))).join("; ");
  // Runtimes per outcome: the run-to-run diff compares these.
  const counts: Record<string, number> = {};
  for (const l of lines) counts[l.outcome.kind] = (counts[l.outcome.kind] ?? 0) + 1;
  const stats = { trials: runs.reduce((n, r) => n + r.trials.length, 0), counts };
  const started = lines.filter((l) => l.outcome.kind === "started");
  if (started.length > 0)
    return {
      verdict: "does-not-hold",
      summary: `${started.map((l) => l.runtime).join(", ")} started a container without kernel-backed cgroup files: ${said}`,
      stats,
    };
  const atCgroups = lines.filter((l) => l.outcome.kind === "failed-at-cgroups");
  if (atCgroups.length === 0)
    return { verdict: "blocked", summary: `no runtime reached its cgroup files: ${said}`, stats };
  return {
    verdict: "holds",
    summary: `no runtime started; ${atCgroups.length} of ${lines.length} failed at their cgroup files: ${said}`,
    stats,
  };
}
