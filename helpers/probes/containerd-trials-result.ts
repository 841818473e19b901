/**
 * What fixtures/image/probes/containerd-trials.mjs reports, and the pure readings of it: where the preparation
 * got stuck, what each trial's error was (classified), and how the trials' classes add up.
 */
import {
  classifyRuntimeError,
  type ClassifiedRuntimeError,
  type RuntimeErrorClass,
} from "./runtime-error-class.js";
import type { ScriptStep } from "./sandbox-script.js";

/** One preparation step (containerd start, image build, import, ...) exactly as it ran in the sandbox. */
export interface SetupStep {
  step: string;
  argv: string[];
  exitCode: number;
  stderr: string;
  ms: number;
}

/** What --pre-create did in one hierarchy: `made`/`existed`/errno for the directory, `written`/... per file. */
export interface PreCreated {
  controller: string;
  dir: string;
  files: Record<string, string>;
}

/** What the trial's cleanup still found: a cgroup directory (and its rmdir result) or the container itself. */
export type Leftover = { controller: string; fs: string; rmdir: string } | { container: string };

export interface RawTrial extends ScriptStep {
  cgroupsPath: string;
  preCreated: PreCreated[] | null;
  leftovers: Leftover[];
  /** Time the trial's cleanup took (ctr task kill/rm, container rm, rmdir). */
  cleanupMs: number;
}

/** `image`: ctr run of the imported image; `rootfs`: ctr run --rootfs (the image path failed); null: blocked. */
export type TrialMode = "image" | "rootfs" | null;

export interface ContainerdTrialsOutput {
  containerdVersion: string;
  mode: TrialMode;
  setup: SetupStep[];
  trials: RawTrial[];
}

export interface ContainerdTrial extends RawTrial {
  /**
   * The container's command ran: its output arrived (even if ctr then failed, e.g. removing the cgroup), or ctr
   * returned its exit status 0 (ctr run can lose the output of a container that exits this fast).
   */
  ran: boolean;
  error: ClassifiedRuntimeError;
}

export const RAN_MARKER = "container-ran";

/** Why: a finding reports "blocked at step X" with that step's own error when no trial could run. */
export function blockedAt(
  out: Pick<ContainerdTrialsOutput, "mode" | "setup">,
): { step: string; stderr: string } | null {
  if (out.mode !== null) return null;
  const failed = out.setup.find((s) => s.exitCode !== 0);
  return failed
    ? { step: failed.step, stderr: failed.stderr.trim() }
    : { step: "(none failed)", stderr: "no setup step failed, yet no trial ran" };
}

/** Why: steps that failed although trials ran (the image path, replaced by --rootfs) are evidence, not a block. */
export function degradedSteps(out: Pick<ContainerdTrialsOutput, "mode" | "setup">): SetupStep[] {
  return out.mode === null ? [] : out.setup.filter((s) => s.exitCode !== 0);
}

/** Why: ctr prints its own error as the last `ctr: ...` line, after log lines; the chain starts after `ctr: `. */
export function trialErrorText(t: Pick<RawTrial, "exitCode" | "stderr">): string {
  if (t.exitCode === 0) return "";
  const lines = t.stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const ctrLine = lines.findLast((l) => l.startsWith("ctr: "));
  if (ctrLine) return ctrLine.slice("ctr: ".length);
  return lines.join(" ") || `exit ${t.exitCode} without output`;
}

/** Why: verdicts compare classes of causes, with the raw text kept beside them. */
export function classifyTrial(t: RawTrial): ContainerdTrial {
  const ran = t.exitCode === 0 || t.stdout.includes(RAN_MARKER);
  return { ...t, ran, error: classifyRuntimeError(trialErrorText(t)) };
}

/** Why: the counts per class are the trial statistics a finding reports. */
export function countClasses(trials: readonly ContainerdTrial[]): Partial<Record<RuntimeErrorClass, number>> {
  const counts: Partial<Record<RuntimeErrorClass, number>> = {};
  for (const t of trials) counts[t.error.class] = (counts[t.error.class] ?? 0) + 1;
  return counts;
}

/** Why: evidence keeps a few raw outputs: the first trial and the first of every other class, in trial order. */
export function representativeTrials(trials: readonly ContainerdTrial[], max = 4): number[] {
  const seen = new Set<string>();
  const picked: number[] = [];
  trials.forEach((t, i) => {
    if (picked.length < max && !seen.has(t.error.class)) picked.push(i);
    seen.add(t.error.class);
  });
  return picked;
}
