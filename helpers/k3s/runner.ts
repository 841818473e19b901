/**
 * Running commands for the k3s tier in a cell's sandbox: recorded as evidence through a ProbeContext, or
 * quietly (readiness polls, teardown) where recording every attempt would bury the evidence that matters.
 */
import type { ExecRecord } from "../finding/evidence.js";
import { execInSandbox, shInSandbox, type ExecOptions } from "../sandbox/exec.js";
import { currentCluster } from "./host-probes.js";
export { shellQuote } from "./shell-quote.js";

/** What ProbeContext offers; a quiet runner offers the same without recording. */
export interface Runner {
  exec(label: string, argv: readonly string[], options?: ExecOptions): Promise<ExecRecord>;
  sh(label: string, script: string, options?: ExecOptions): Promise<ExecRecord>;
}

/** Why: polls and teardown run many commands whose records nobody reads. */
export function quietRunner(containerId: string): Runner {
  return {
    exec: (_label, argv, options) => execInSandbox(containerId, argv, options),
    sh: (_label, script, options) => shInSandbox(containerId, script, options),
  };
}

/** Why: every probe reaches the cluster through the source's own kubectl (k3s' embedded one, or ours). */
export function kubectl(
  run: Runner,
  label: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecRecord> {
  return run.exec(label, [...currentCluster().kubectl, ...args], { timeoutMs: 60_000, ...options });
}

/** The first non-empty line of a record's stderr (or stdout), for one-line details. */
export function firstLine(r: ExecRecord): string {
  return (
    `${r.stderr}\n${r.stdout}`
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? `exit ${r.exitCode}`
  );
}
