/** What a probe gets (the cell's sandbox and an evidence log) and what it returns (a verdict and why). */
import type { ProvidedCell } from "../sandbox/provided-cell.js";
import {
  DEFAULT_EXEC_TIMEOUT_MS,
  execInSandbox,
  shInSandbox,
  timedOutSuffix,
  type ExecOptions,
} from "../sandbox/exec.js";
import type { ExecRecord, TrialStats } from "./evidence.js";
import { EvidenceLog } from "./evidence-log.js";
import type { Verdict } from "./verdict.js";

export interface ProbeResult {
  verdict: Verdict;
  /** One line: why this verdict, in terms of the evidence. */
  summary: string;
  stats?: TrialStats;
}

/** A step of a probe whose command never ran (helpers/sandbox/exec-failure.ts). */
export interface FailedStep {
  label: string;
  reason: string;
}

export class ProbeContext {
  readonly evidence = new EvidenceLog();
  /** Steps that never ran: the verdict is `blocked` by the first, whatever the probe concluded. */
  readonly failedSteps: FailedStep[] = [];
  /** Exec attempts that failed to run, retried ones included (counted per release in the run's summary). */
  failedAttempts = 0;
  constructor(readonly cell: ProvidedCell) {}

  /**
   * Runs argv in the sandbox and records it as evidence under `label`. A step given its own `timeoutMs` measures
   * with it (a hang is its observation); one that hits the harness's default bound failed to run.
   */
  async exec(label: string, argv: readonly string[], options?: ExecOptions): Promise<ExecRecord> {
    return this.record(label, await execInSandbox(this.cell.containerId, argv, options), options);
  }

  /** Runs a shell script in the sandbox and records it as evidence under `label` (timeouts: as `exec`). */
  async sh(label: string, script: string, options?: ExecOptions): Promise<ExecRecord> {
    return this.record(label, await shInSandbox(this.cell.containerId, script, options), options);
  }

  private record(label: string, exec: ExecRecord, options: ExecOptions | undefined): ExecRecord {
    this.failedAttempts += (exec.failedAttempts ?? 0) + (exec.runFailure ? 1 : 0);
    const failure = exec.runFailure ?? backstopTimeout(exec, options);
    if (failure) this.failedSteps.push({ label, reason: failure });
    return this.evidence.exec(label, exec);
  }
}

/** Why a step that ran into the harness's default bound (its caller set none) failed to run, or null. */
export function backstopTimeout(
  exec: Pick<ExecRecord, "stderr">,
  options: ExecOptions | undefined,
): string | null {
  if (options?.timeoutMs !== undefined) return null;
  return exec.stderr.endsWith(timedOutSuffix(DEFAULT_EXEC_TIMEOUT_MS))
    ? `did not finish within the harness's ${DEFAULT_EXEC_TIMEOUT_MS / 1000} s bound for a step (killed)`
    : null;
}

/**
 * A step whose output cannot be read (a probe script that printed no result: crashed, a tool missing inside):
 * the measurement failed. The finding is `blocked` with it as evidence, never an error or a verdict on the claim.
 */
export class StepFailedError extends Error {
  constructor(
    readonly label: string,
    reason: string,
  ) {
    super(reason);
    this.name = "StepFailedError";
  }
}

/** The verdict a probe that threw reaches: `blocked` by a failed step, or null for any other error (a bug). */
export function blockedByStepError(error: unknown): ProbeResult | null {
  if (!(error instanceof StepFailedError)) return null;
  return {
    verdict: "blocked",
    summary: `a step failed to run, so nothing was measured: "${error.label}": ${error.message}`,
  };
}

/**
 * Why: a step that failed to run is no evidence for or against the claim: the probe's `holds` or `does-not-hold`
 * becomes `blocked`, naming the step and keeping what the probe would have said.
 */
export function blockedByFailedSteps(result: ProbeResult, failed: readonly FailedStep[]): ProbeResult {
  const first = failed[0];
  if (!first || result.verdict === "blocked") return result;
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more step(s))` : "";
  return {
    ...result,
    verdict: "blocked",
    summary: `a step failed to run, so nothing was measured: "${first.label}": ${first.reason}${more}; the probe would have said ${result.verdict}: ${result.summary}`,
  };
}

export type Probe = (ctx: ProbeContext) => Promise<ProbeResult>;
