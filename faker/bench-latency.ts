/**
 * Benchmark driver, latency: creates directories one after another (a small gap between them) and measures,
 * for each, the time from the mkdir to the moment every expected control file exists. Two methods:
 * - `ctime` (gVisor, whose timestamps are fine-grained): from the parent's ctime right after mkdir (the entry's
 *   creation) to the newest file ctime; the driver only checks for completion every ~1 ms, so it does not
 *   compete with the faker for the sandbox kernel (busy-polling slowed the faker several times over there).
 * - `mono` (Linux host, whose tmpfs ctime is a jiffy-coarse clock): from before mkdir to the check that sees
 *   the last file (checking every 50 µs, sleeping in between), on the monotonic clock.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ctimeUs, monoUs, round1, sleepMs, waitForFiles } from "./bench-util.js";

/** Parameters of one latency run. */
export interface LatencyParams {
  dir: string;
  count: number;
  gapMs: number;
  files: string[];
  timeoutMs: number;
  prefix: string;
  method: "ctime" | "mono";
  /** Pause between completion checks (Atomics.wait: ~0.1 ms on Linux, ~1 ms in gVisor). */
  pollMs: number;
}

/** Result: raw latencies of the directories that got their files, and how many did not in time. */
export interface LatencyResult {
  kind: "latency";
  method: "ctime" | "mono";
  count: number;
  latUs: number[];
  /** The same for the first file alone (cgroup.procs, the one runc opens right after its mkdir). */
  firstUs: number[];
  timeouts: number;
  timedOut: string[];
  /** Directories measured with the monotonic clock because a ctime could not be read (ctime method only). */
  fallbacks: number;
  mkdirUsP50: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** [first file, newest file] ctime minus the origin, or undefined when a ctime is unreadable. */
function ctimeLatency(dir: string, files: readonly string[], originUs: number | undefined) {
  if (originUs === undefined) return undefined;
  const ctimes = files.map((f) => ctimeUs(path.join(dir, f)));
  if (ctimes.some((c) => c === undefined)) return undefined;
  const all = ctimes as number[];
  return { first: (all[0] ?? originUs) - originUs, last: Math.max(...all) - originUs };
}

/** Runs the sequence synchronously: nothing else in this process competes with the measurement. */
export function runLatency(p: LatencyParams): LatencyResult {
  const latUs: number[] = [];
  const firstUs: number[] = [];
  const mkdirUs: number[] = [];
  const timedOut: string[] = [];
  let fallbacks = 0;
  for (let i = 0; i < p.count; i++) {
    const dir = path.join(p.dir, `${p.prefix}-${i}`);
    const t0 = monoUs();
    mkdirSync(dir);
    const origin = p.method === "ctime" ? ctimeUs(p.dir) : undefined;
    mkdirUs.push(monoUs() - t0);
    const seen = waitForFiles(dir, p.files, t0 + p.timeoutMs * 1000, p.pollMs);
    if (seen === undefined) timedOut.push(path.basename(dir));
    else {
      const byCtime = p.method === "ctime" ? ctimeLatency(dir, p.files, origin) : undefined;
      if (p.method === "ctime" && byCtime === undefined) fallbacks++;
      latUs.push(round1(byCtime?.last ?? seen.last - t0));
      firstUs.push(round1(byCtime?.first ?? seen.first - t0));
    }
    sleepMs(p.gapMs);
  }
  const result = {
    kind: "latency" as const,
    method: p.method,
    count: p.count,
    latUs,
    firstUs,
    timeouts: timedOut.length,
  };
  return { ...result, timedOut: timedOut.slice(0, 10), fallbacks, mkdirUsP50: round1(median(mkdirUs)) };
}
