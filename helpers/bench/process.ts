/** Background processes inside a bench environment: started in their own session, stopped as a group. */
import type { BenchEnv } from "./env.js";

/** Process groups started on this host, killed by the signal handler if the run is interrupted. */
export const hostGroups = new Set<number>();

/** Kills every host process group still running (synchronous, for signal handlers). */
export function killHostGroupsSync(): void {
  for (const pid of hostGroups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
    hostGroups.delete(pid);
  }
}

/** Single-quotes a word for sh. */
export function shq(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export function sh(env: BenchEnv, script: string, timeoutMs?: number): Promise<string> {
  return env.exec(["sh", "-c", script], timeoutMs);
}

/** Starts argv detached (setsid: pid = process group id), stdout+stderr to log; returns the pid. */
export async function startBackground(
  env: BenchEnv,
  argv: readonly string[],
  vars: Record<string, string>,
  log: string,
): Promise<number> {
  const assignments = Object.entries(vars).map(([k, v]) => `${k}=${shq(v)}`);
  const command = ["setsid", "env", ...assignments, ...argv.map(shq)].join(" ");
  const pid = Number((await sh(env, `cd / && ${command} >${shq(log)} 2>&1 </dev/null & echo $!`)).trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`could not start ${argv.join(" ")}`);
  if (env.kind === "host") hostGroups.add(pid);
  return pid;
}

/** SIGTERM to the whole group, SIGKILL after 5 s; resolves once the leader is gone. */
export async function stopBackground(env: BenchEnv, pid: number): Promise<void> {
  const script = `kill -TERM -${pid} 2>/dev/null; i=0; while kill -0 ${pid} 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL -${pid} 2>/dev/null; true`;
  await sh(env, script, 30_000);
  hostGroups.delete(pid);
}

/** Waits until the log satisfies `ready` (checked every 100 ms); throws with the log's tail after timeoutMs. */
export async function waitForLog(
  env: BenchEnv,
  log: string,
  ready: (text: string) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await sh(env, `cat ${shq(log)} 2>/dev/null || true`);
    if (ready(text)) return;
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${log}\n${text.slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
