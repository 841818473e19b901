/**
 * The executor a repro bundle runs the probes with, inside the sandbox (helpers/sandbox/exec.ts,
 * setSandboxExecutor): argv is spawned right here instead of through `docker exec`, and returns the same
 * record. A timed-out command is treated as `docker exec` under the harness treats it: the harness stops
 * waiting (the record gets the same "[harness] timed out" suffix and exit code -1) and the command goes on
 * running in the sandbox, where the probe's own clean-up steps find it, as they do under the harness.
 */
import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import os from "node:os";
import type { ExecRecord } from "../finding/evidence.js";
import { DEFAULT_EXEC_TIMEOUT_MS, timedOutSuffix, type ExecOptions } from "../sandbox/exec.js";

export function localExec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecRecord> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const t0 = performance.now();
  const record = (exitCode: number, stdout: string, stderr: string): ExecRecord => ({
    argv: [...argv],
    exitCode,
    stdout,
    stderr,
    durationMs: Math.round((performance.now() - t0) * 10) / 10,
  });
  const [command = "", ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const text = (parts: Buffer[]) => Buffer.concat(parts).toString("utf8");
    let settled = false;
    const settle = (r: ExecRecord) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      // Left running, as under docker exec; it no longer keeps this process alive.
      child.unref();
      for (const stream of [child.stdout, child.stderr]) (stream as Socket).unref();
      settle(record(-1, text(out), text(err) + timedOutSuffix(timeoutMs)));
    }, timeoutMs);
    // A command that cannot start: what `docker exec` reports then (exit 126 or 127, the reason on stderr).
    child.on("error", (e: NodeJS.ErrnoException) =>
      settle(record(e.code === "ENOENT" ? 127 : 126, "", `exec: ${command}: ${e.message}`)),
    );
    // Killed by a signal: 128 + its number, as the shell (and docker exec) report it.
    child.on("close", (code, signal) =>
      settle(record(code ?? (signal ? 128 + os.constants.signals[signal] : -1), text(out), text(err))),
    );
    // Without input, stdin is at its end at once (docker exec without -i attaches none).
    child.stdin.on("error", () => undefined); // the command may exit without reading its input
    child.stdin.end(options.input);
  });
}
