/** What a probe gets (the cell's sandbox and an evidence log) and what it returns (a verdict and why). */
import type { ProvidedCell } from "../sandbox/provided-cell.js";
import { execInSandbox, shInSandbox, type ExecOptions } from "../sandbox/exec.js";
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

  /** Runs argv in the sandbox and records it as evidence under `label`. */
  async exec(label: string, argv: readonly string[], options?: ExecOptions): Promise<ExecRecord> {
    return this.record(label, await execInSandbox(this.cell.containerId, argv, options));
  }

  /** Runs a shell script in the sandbox and records it as evidence under `label`. */
  async sh(label: string, script: string, options?: ExecOptions): Promise<ExecRecord> {
    return this.record(label, await shInSandbox(this.cell.containerId, script, options));
  }

  private record(label: string, exec: ExecRecord): ExecRecord {
    this.failedAttempts += (exec.failedAttempts ?? 0) + (exec.runFailure ? 1 : 0);
    if (exec.runFailure) this.failedSteps.push({ label, reason: exec.runFailure });
    return this.evidence.exec(label, exec);
  }
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
