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

export class ProbeContext {
  readonly evidence = new EvidenceLog();
  constructor(readonly cell: ProvidedCell) {}

  /** Runs argv in the sandbox and records it as evidence under `label`. */
  async exec(label: string, argv: readonly string[], options?: ExecOptions): Promise<ExecRecord> {
    return this.evidence.exec(label, await execInSandbox(this.cell.containerId, argv, options));
  }

  /** Runs a shell script in the sandbox and records it as evidence under `label`. */
  async sh(label: string, script: string, options?: ExecOptions): Promise<ExecRecord> {
    return this.evidence.exec(label, await shInSandbox(this.cell.containerId, script, options));
  }
}

export type Probe = (ctx: ProbeContext) => Promise<ProbeResult>;
