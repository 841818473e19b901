/**
 * An OCI runtime (runc, crun, youki) inside the cell's sandbox (fixtures/image/probes/runc-trials.mjs), each
 * trial's error classified.
 */
import type { ProbeContext } from "../finding/probe.js";
import { classifyRuntimeError, type RuntimeErrorClass } from "./runtime-error-class.js";
import { runProbeScript, type ScriptStep } from "./sandbox-script.js";
import { measuredOnce } from "./shared-trials.js";

export interface RuncTrial extends ScriptStep {
  id: string;
  cgroupsPath: string;
  /** The runtime did not return within the script's bound and was killed: the step failed, it says nothing. */
  timedOut?: boolean;
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
  /** The runtime's binary (`runc`, `crun`, `youki`). */
  runtime: string;
  /** The first line of its `--version` (`runc version 1.1.5`, `crun version 1.8.1`, `youki version: 0.7.0`). */
  runtimeVersion: string;
  /** `<runtime> --version`: failed (exit -1, spawn ENOENT) when the image lacks the runtime. */
  versionStep: Omit<ScriptStep, "ms">;
  bundle: ScriptStep;
  trials: RuncTrial[];
  traced: TracedTrial | null;
}

/** The container's command ran in a trial that was then killed at the bound (the runtime hung afterwards). */
export const ranBeforeHang = (t: RuncTrial): boolean => t.timedOut === true && t.stdout.includes("container-ran");

/**
 * The class of a trial: success when runc (and start, for create) exited 0, or when its container ran before the
 * runtime hung (that much was measured); else its error's class.
 */
export function trialClass(t: RuncTrial): RuntimeErrorClass {
  if (ranBeforeHang(t)) return "success";
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
  /** The OCI runtime's binary; runc when absent. */
  runtime?: string;
  /** No network namespace in the spec (a hostNetwork pod's container). */
  hostNetwork?: boolean;
  command?: "run" | "create";
  preCreate?: boolean;
  strace?: boolean;
  /** The spec also asks for a cgroup namespace. */
  cgroupns?: boolean;
  /**
   * Trials other findings of the cell run too with the same options: measured once per run and cell
   * (helpers/probes/shared-trials.ts), under this name.
   */
  shareAs?: string;
}

export async function runRuncTrials(ctx: ProbeContext, opts: RuncTrialOptions): Promise<RuncTrials> {
  const runtime = opts.runtime ?? "runc";
  const args = ["--trials", String(opts.trials), "--runtime", runtime, "--command", opts.command ?? "run"];
  if (opts.hostNetwork) args.push("--host-network");
  if (opts.preCreate) args.push("--pre-create");
  if (opts.strace) args.push("--strace");
  if (opts.cgroupns) args.push("--cgroupns");
  const label =
    `${runtime} ${opts.command ?? "run"} x${opts.trials}${opts.preCreate ? ", files pre-created" : ""}` +
    (opts.cgroupns ? ", with a cgroup namespace" : "") +
    (opts.hostNetwork ? ", no network namespace" : "");
  const measure = () => runProbeScript<RuncTrials>(ctx, label, "runc-trials.mjs", args, { timeoutMs: 600_000 });
  const result = opts.shareAs
    ? await measuredOnce(ctx.cell.id, `${runtime}.${opts.shareAs}.${args.join(" ")}`, measure, () =>
        ctx.evidence.text(
          `${label}: measured once in this run`,
          `These trials were run for this cell by another finding of the same runtime (the same bundle, options and ` +
            `count); this finding reads them instead of running them again.`,
        ),
      )
    : await measure();
  const { ms, ...bundle } = result.bundle;
  ctx.evidence.exec("prepare the busybox-static bundle (runc spec)", { ...bundle, durationMs: ms });
  if (result.versionStep.exitCode !== 0) {
    ctx.evidence.exec(`${runtime} --version`, { ...result.versionStep, durationMs: 0 });
    return result;
  }
  const { counts, examples } = classCounts(result.trials);
  ctx.evidence.json(`${result.runtimeVersion}: trials per error class`, counts);
  for (const [c, raw] of Object.entries(examples)) ctx.evidence.text(`raw example: ${c}`, raw);
  ctx.evidence.metric(`${runtime} trial duration`, {
    name: `${runtime} trial`,
    unit: "ms",
    values: result.trials.map((t) => t.ms),
  });
  return result;
}
