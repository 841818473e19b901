/** Small helpers of the benchmark driver (runs in the sandbox: node: builtins only). */
import { existsSync, statSync } from "node:fs";
import path from "node:path";

/** CLOCK_MONOTONIC in microseconds: the same clock in every process of one (gVisor) kernel. */
export function monoUs(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread (no event loop needed): the driver measures with synchronous calls only. */
export function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/** Wall clock in µs, comparable with file ctimes (performance.timeOrigin has sub-ms resolution). */
export function wallUs(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

/** A file's ctime in µs (nanosecond stat), undefined when unreadable (stat EINVAL on gVisor 20221219). */
export function ctimeUs(file: string): number | undefined {
  try {
    return Number(statSync(file, { bigint: true }).ctimeNs) / 1000;
  } catch {
    return undefined;
  }
}

/**
 * Waits until every file exists (access(2)), checking each file once it was seen: busy (pollMs 0) or sleeping
 * pollMs between checks; returns the monotonic times it saw the first and the last, or undefined at the deadline.
 */
export function waitForFiles(
  dir: string,
  files: readonly string[],
  deadlineUs: number,
  pollMs = 0,
): { first: number; last: number } | undefined {
  const paths = files.map((f) => path.join(dir, f));
  let next = 0;
  let first = 0;
  for (;;) {
    while (next < paths.length && existsSync(paths[next] as string)) if (next++ === 0) first = monoUs();
    const now = monoUs();
    if (next === paths.length) return { first, last: now };
    if (now > deadlineUs) return undefined;
    sleepMs(pollMs);
  }
}

/** Rounds to 0.1 µs for the JSON output. */
export function round1(us: number): number {
  return Math.round(us * 10) / 10;
}

/** Prints one JSON object on stdout (the host side parses the last line). */
export function emit(object: object): void {
  process.stdout.write(`${JSON.stringify(object)}\n`);
}
