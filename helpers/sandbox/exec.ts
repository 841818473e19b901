/**
 * Running a command in a cell's sandbox. Works from any process given the container id (test workers do
 * not share the Testcontainers objects of the process that started the sandboxes), records exactly what ran,
 * and never throws on a non-zero exit: the exit code is an observation.
 */
import { execa } from "execa";
import type { ExecRecord } from "../finding/evidence.js";
import { idleCells } from "./idle-freezer.js";

export interface ExecOptions {
  timeoutMs?: number;
  input?: string;
  user?: string;
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
  return idleCells.during(containerId, () => dockerExec(containerId, argv, options));
}

async function dockerExec(
  containerId: string,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecRecord> {
  const dockerArgs = [
    "exec",
    ...(options.input === undefined ? [] : ["-i"]),
    ...(options.user ? ["-u", options.user] : []),
  ];
  const t0 = performance.now();
  const result = await execa("docker", [...dockerArgs, containerId, ...argv], {
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    input: options.input,
    stripFinalNewline: false,
  });
  const durationMs = Math.round((performance.now() - t0) * 10) / 10;
  const timedOut = result.timedOut ? `\n[harness] timed out after ${options.timeoutMs ?? 120_000} ms` : "";
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
