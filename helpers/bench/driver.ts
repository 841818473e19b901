/** Running the benchmark driver and a faker in a bench environment: fresh roots, background fakers, results. */
import type { BenchEnv } from "./env.js";
import { sh, shq, startBackground, stopBackground, waitForLog } from "./process.js";
import { BENCH_CONTROLLERS, type FakerTarget } from "./targets.js";

const LONG = 3_600_000;

/** ctime in gVisor (fine-grained timestamps, and a polling observer would slow the sandbox kernel); the
 * monotonic clock on the host, whose tmpfs timestamps come from a coarse (jiffy) clock. */
export function methodFor(env: BenchEnv): "ctime" | "mono" {
  return env.kind === "runsc" ? "ctime" : "mono";
}

export async function driver<T>(env: BenchEnv, args: string[]): Promise<T> {
  const out = await env.exec([env.node, env.driverJs, ...args], LONG);
  const last = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}

export async function freshRoot(env: BenchEnv, id: string): Promise<string> {
  const root = `${env.workDir}/${id}`;
  const dirs = BENCH_CONTROLLERS.map((c) => shq(`${root}/${c}/k8s.io`)).join(" ");
  await sh(env, `rm -rf ${shq(root)} && mkdir -p ${dirs}`);
  return root;
}

/** Runs fn while the target's faker runs in the background; returns fn's value and the faker's log stats. */
export async function withFaker<T>(env: BenchEnv, target: FakerTarget, root: string, fn: () => Promise<T>) {
  const log = `${root}.log`;
  const pid = await startBackground(env, target.argv(env, root), target.vars(root), log);
  try {
    await waitForLog(env, log, target.ready);
    const value = await fn();
    return { value, log };
  } finally {
    await stopBackground(env, pid);
  }
}

export async function missingTool(env: BenchEnv, target: FakerTarget): Promise<string | undefined> {
  if (!target.needsInotifywait) return undefined;
  const found = await sh(env, "command -v inotifywait || true");
  return found.trim() === "" ? "inotifywait is not installed here (apt-get install inotify-tools)" : undefined;
}
