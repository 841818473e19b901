/**
 * Benchmark driver, floor: a bare watcher (one fs.watch, nothing else) stamps each event with the monotonic
 * and the wall clock; the driver compares with its mkdir (method mono: monotonic time before mkdir; method
 * ctime: the parent's ctime after mkdir, against the wall clock). With `touch`, the watcher also creates
 * cgroup.procs, which makes it the cheapest possible faker, measured like the real ones.
 */
import { spawn } from "node:child_process";
import { mkdirSync, watch, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as delay } from "node:timers/promises";
import type { LatencyParams, LatencyResult } from "./bench-latency.js";
import { ctimeUs, emit, monoUs, round1, wallUs } from "./bench-util.js";

/** The watcher process: prints {"ready":true}, then {"n":name,"t":monoUs,"w":wallUs} per event, until SIGTERM. */
export function runFloorWatch(dir: string, touch: boolean): void {
  watch(dir, { persistent: true, encoding: "utf8" }, (eventType, name) => {
    const t = monoUs();
    const w = wallUs();
    if (eventType !== "rename" || !name) return;
    if (touch)
      try {
        writeFileSync(path.join(dir, name, "cgroup.procs"), "", { flag: "wx" });
      } catch {
        // removed, not a directory, or already there: the floor only counts the event
      }
    emit({ n: name, t: round1(t), w: round1(w) });
  });
  process.on("SIGTERM", () => process.exit(0));
  emit({ ready: true });
}

/** Event times by directory name, filled from the watcher's stdout. */
class EventLines {
  readonly times = new Map<string, { t: number; w: number }>();
  private waiters = new Map<string, () => void>();
  ready = false;

  add(text: string): void {
    const event = JSON.parse(text) as { ready?: boolean; n?: string; t?: number; w?: number };
    if (event.ready) this.ready = true;
    if (event.n === undefined || event.t === undefined || event.w === undefined || this.times.has(event.n)) return;
    this.times.set(event.n, { t: event.t, w: event.w });
    this.waiters.get(event.n)?.();
  }

  async waitFor(name: string, timeoutMs: number): Promise<{ t: number; w: number } | undefined> {
    if (!this.times.has(name))
      await Promise.race([new Promise<void>((r) => this.waiters.set(name, r)), delay(timeoutMs)]);
    this.waiters.delete(name);
    return this.times.get(name);
  }
}

/** Runs the floor measurement with a watcher child of this same script. */
export async function runFloor(p: Omit<LatencyParams, "files">): Promise<LatencyResult> {
  let fallbacks = 0;
  const child = spawn(process.execPath, [process.argv[1] as string, "floor-watch", "--dir", p.dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = new EventLines();
  createInterface({ input: child.stdout }).on("line", (l) => lines.add(l));
  try {
    for (let i = 0; i < 500 && !lines.ready; i++) await delay(10);
    if (!lines.ready) throw new Error("floor watcher did not start");
    const latUs: number[] = [];
    const timedOut: string[] = [];
    for (let i = 0; i < p.count; i++) {
      const name = `${p.prefix}-${i}`;
      const t0 = monoUs();
      mkdirSync(path.join(p.dir, name));
      const origin = p.method === "ctime" ? ctimeUs(p.dir) : undefined;
      const seen = await lines.waitFor(name, p.timeoutMs);
      if (seen === undefined) timedOut.push(name);
      else latUs.push(round1(origin === undefined ? seen.t - t0 : seen.w - origin));
      if (p.method === "ctime" && origin === undefined) fallbacks++;
      await delay(p.gapMs);
    }
    const result = {
      kind: "latency" as const,
      method: p.method,
      count: p.count,
      latUs,
      timeouts: timedOut.length,
    };
    return { ...result, firstUs: [], timedOut: timedOut.slice(0, 10), fallbacks, mkdirUsP50: 0 };
  } finally {
    child.kill("SIGTERM");
  }
}
