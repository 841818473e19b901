/**
 * Running a command in a cell's sandbox. Works from any process given the container id (test workers do
 * not share the Testcontainers objects of the process that started the sandboxes), records exactly what ran,
 * and never throws on a non-zero exit: the exit code is an observation.
 */
import { execa } from "execa";
import type { ExecRecord } from "../finding/evidence.js";
import { execRunFailure, isRetryableRunFailure } from "./exec-failure.js";
import { idleCells } from "./idle-freezer.js";

export interface ExecOptions {
  timeoutMs?: number;
  input?: string;
}

/** How long an exec may take when its caller gives no bound. */
export const DEFAULT_EXEC_TIMEOUT_MS = 120_000;

/** What a timed-out exec's stderr ends with, whoever ran it (docker exec here, the repro's local executor). */
export const timedOutSuffix = (timeoutMs: number): string => `\n[harness] timed out after ${timeoutMs} ms`;

/** Runs argv somewhere and records it; the shape every probe step returns. */
export type SandboxExecutor = (argv: readonly string[], options: ExecOptions) => Promise<ExecRecord>;

let override: SandboxExecutor | null = null;

/**
 * Process-wide: every execInSandbox/shInSandbox runs through `executor` instead of `docker exec` (the container
 * id is then ignored, and no idle freezing happens). A repro bundle runs the harness's own probes inside the
 * sandbox with a local executor (helpers/repro/local-exec.ts); null restores `docker exec`.
 */
export function setSandboxExecutor(executor: SandboxExecutor | null): void {
  override = executor;
}

/**
 * `docker exec` of argv inside the container; returns argv, exit code, stdout, stderr and duration. The exec is
 * a use of the cell: a frozen cell is thawed first (helpers/sandbox/idle-freezer.ts).
 */
export function execInSandbox(
  containerId: string,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecRecord> {
  if (override) return override(argv, options);
  return idleCells.during(containerId, () => dockerExecRetried(containerId, argv, options));
}

/** One retry where runsc's exec itself failed (the command never ran); the record says so either way. */
async function dockerExecRetried(
  containerId: string,
  argv: readonly string[],
  options: ExecOptions,
): Promise<ExecRecord> {
  const first = await dockerExec(containerId, argv, options);
  const reason = execRunFailure(first);
  if (reason === null) return first;
  if (!isRetryableRunFailure(reason)) return { ...first, runFailure: reason };
  const second = await dockerExec(containerId, argv, options);
  const again = execRunFailure(second);
  return { ...second, failedAttempts: 1, ...(again === null ? {} : { runFailure: again }) };
}

async function dockerExec(
  containerId: string,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecRecord> {
  const dockerArgs = ["exec", ...(options.input === undefined ? [] : ["-i"])];
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const t0 = performance.now();
  const result = await execa("docker", [...dockerArgs, containerId, ...argv], {
    reject: false,
    timeout: timeoutMs,
    input: options.input,
    stripFinalNewline: false,
  });
  const durationMs = Math.round((performance.now() - t0) * 10) / 10;
  const timedOut = result.timedOut ? timedOutSuffix(timeoutMs) : "";
  return {
    argv: [...argv],
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout ?? ""),
    stderr: String(result.stderr ?? "") + timedOut,
    durationMs,
  };
}

/** Shell snippet in the sandbox (`sh -c`): for pipelines; argv records the script verbatim. */
export function shInSandbox(containerId: string, script: string, options: ExecOptions = {}): Promise<ExecRecord> {
  return execInSandbox(containerId, ["sh", "-c", script], options);
}
