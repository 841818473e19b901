/** runc inside the cell's sandbox (fixtures/image/probes/runc-trials.mjs), each trial's error classified. */
import type { ProbeContext } from "../finding/probe.js";
import { classifyRuntimeError, type RuntimeErrorClass } from "./runtime-error-class.js";
import { runProbeScript, type ScriptStep } from "./sandbox-script.js";

export interface RuncTrial extends ScriptStep {
  id: string;
  cgroupsPath: string;
  /** `runc start`, after a successful `runc create`. */
  start?: ScriptStep;
}

export interface TracedTrial extends RuncTrial {
  windowMs: number | null;
  mkdirLine: string | null;
  openLine: string | null;
  excerpt: string[];
}

export interface RuncTrials {
  runcVersion: string;
  bundle: ScriptStep;
  trials: RuncTrial[];
  traced: TracedTrial | null;
}

/** The class of a trial: success when runc (and start, for create) exited 0, else its error's class. */
export function trialClass(t: RuncTrial): RuntimeErrorClass {
  const failed = t.exitCode !== 0 ? t : t.start && t.start.exitCode !== 0 ? t.start : null;
  return failed ? classifyRuntimeError(failed.stderr || `exit ${failed.exitCode}`).class : "success";
}

/** Counts per class, and one raw example of each (the evidence the statistical findings keep). */
export function classCounts(trials: readonly RuncTrial[]): {
  counts: Record<string, number>;
  examples: Record<string, string>;
} {
  const counts: Record<string, number> = {};
  const examples: Record<string, string> = {};
  for (const t of trials) {
    const c = trialClass(t);
    counts[c] = (counts[c] ?? 0) + 1;
    examples[c] ??= (t.exitCode !== 0 ? t.stderr : (t.start?.stderr ?? t.stdout)).trim();
  }
  return { counts, examples };
}

export interface RuncTrialOptions {
  trials: number;
  command?: "run" | "create";
  preCreate?: boolean;
  strace?: boolean;
  /** The spec also asks for a cgroup namespace. */
  cgroupns?: boolean;
}

export async function runRuncTrials(ctx: ProbeContext, opts: RuncTrialOptions): Promise<RuncTrials> {
  const args = ["--trials", String(opts.trials), "--command", opts.command ?? "run"];
  if (opts.preCreate) args.push("--pre-create");
  if (opts.strace) args.push("--strace");
  if (opts.cgroupns) args.push("--cgroupns");
  const label =
    `runc ${opts.command ?? "run"} x${opts.trials}${opts.preCreate ? ", files pre-created" : ""}` +
    (opts.cgroupns ? ", with a cgroup namespace" : "");
  const result = await runProbeScript<RuncTrials>(ctx, label, "runc-trials.mjs", args, { timeoutMs: 600_000 });
  const { ms, ...bundle } = result.bundle;
  ctx.evidence.exec("prepare the busybox-static bundle (runc spec)", { ...bundle, durationMs: ms });
  const { counts, examples } = classCounts(result.trials);
  ctx.evidence.json(`${result.runcVersion}: trials per error class`, counts);
  for (const [c, raw] of Object.entries(examples)) ctx.evidence.text(`raw example: ${c}`, raw);
  ctx.evidence.metric("runc trial duration", {
    name: "runc trial",
    unit: "ms",
    values: result.trials.map((t) => t.ms),
  });
  return result;
}
