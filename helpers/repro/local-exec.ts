/**
 * The executor a repro bundle runs the probes with, inside the sandbox (helpers/sandbox/exec.ts,
 * setSandboxExecutor): argv is spawned right here instead of through `docker exec`, and returns the same
 * record. A timed-out command is treated as `docker exec` under the harness treats it: the harness stops
 * waiting (the record gets the same "[harness] timed out" suffix and exit code -1) and the command goes on
 * running in the sandbox, where the probe's own clean-up steps find it, as they do under the harness.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import os from "node:os";
import type { ExecRecord } from "../finding/evidence.js";
import { DEFAULT_EXEC_TIMEOUT_MS, timedOutSuffix, type ExecOptions } from "../sandbox/exec.js";

/** `docker exec -u` accepts `user[:group]`, each a name or a number: the ids to spawn with. */
export function resolveUser(
  spec: string,
  passwd: string = readText("/etc/passwd"),
  groups: string = readText("/etc/group"),
): { uid: number; gid: number } {
  const [user = "", group] = spec.split(":");
  const entry = (table: string, name: string) =>
    table
      .split("\n")
      .find((l) => l.split(":")[0] === name)
      ?.split(":");
  const pw = /^\d+$/.test(user) ? null : entry(passwd, user);
  if (!/^\d+$/.test(user) && !pw)
    throw new Error(`unable to find user ${user}: no matching entries in passwd file`);
  const uid = pw ? Number(pw[2]) : Number(user);
  const primary = pw ? Number(pw[3]) : (passwdGid(passwd, uid) ?? 0);
  if (group === undefined) return { uid, gid: primary };
  if (/^\d+$/.test(group)) return { uid, gid: Number(group) };
  const gr = entry(groups, group);
  if (!gr) throw new Error(`unable to find group ${group}: no matching entries in group file`);
  return { uid, gid: Number(gr[2]) };
}

function passwdGid(passwd: string, uid: number): number | null {
  const line = passwd.split("\n").find((l) => l.split(":")[2] === String(uid));
  return line ? Number(line.split(":")[3]) : null;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

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
  let ids: { uid: number; gid: number } | undefined;
  try {
    ids = options.user ? resolveUser(options.user) : undefined;
  } catch (error) {
    return Promise.resolve(record(126, "", (error as Error).message));
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "pipe", ...ids });
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
