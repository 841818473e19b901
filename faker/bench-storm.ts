/**
 * Benchmark driver, storm: several writer processes create nested cgroup-like trees (pod directories with
 * container directories inside) as fast as they can; then the driver waits until every directory has its
 * files, or until nothing has progressed for settleMs, and counts the directories the faker missed.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { emit, monoUs } from "./bench-util.js";

/** Parameters of a storm: `dirs` in total, split over `writers` processes. */
export interface StormParams {
  dir: string;
  writers: number;
  dirs: number;
  containers: number;
  files: string[];
  settleMs: number;
  timeoutMs: number;
}

/** Storm outcome: missed must be 0. Times in ms from the start of the storm. */
export interface StormResult {
  kind: "storm";
  dirs: number;
  complete: number;
  missed: number;
  createMs: number;
  allFilledMs: number | null;
  missedSample: string[];
}

function podsPerWriter(p: StormParams): number {
  return Math.ceil(p.dirs / p.writers / (1 + p.containers));
}

function treeOf(dir: string, writer: number, pods: number, containers: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < pods; i++) {
    const pod = path.join(dir, `storm-w${writer}-pod${i}`);
    out.push(pod);
    for (let c = 0; c < containers; c++) out.push(path.join(pod, `c${c}`));
  }
  return out;
}

/** One writer process: mkdir of its whole tree, parents before children, no pause. */
export function runStormWriter(dir: string, writer: number, pods: number, containers: number): void {
  const t0 = monoUs();
  const tree = treeOf(dir, writer, pods, containers);
  for (const d of tree) mkdirSync(d);
  emit({ writer, created: tree.length, ms: Math.round((monoUs() - t0) / 1000) });
}

function spawnWriter(p: StormParams, writer: number): Promise<void> {
  const args = [process.argv[1] as string, "storm-writer", "--dir", p.dir, "--writer", String(writer)];
  args.push("--pods", String(podsPerWriter(p)), "--containers", String(p.containers));
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}`)))),
  );
}

/** Checks the incomplete directories; returns those still missing a file. */
function stillIncomplete(dirs: string[], files: readonly string[]): string[] {
  return dirs.filter((d) => !files.every((f) => existsSync(path.join(d, f))));
}

export async function runStorm(p: StormParams): Promise<StormResult> {
  mkdirSync(p.dir, { recursive: true });
  const pods = podsPerWriter(p);
  const all = Array.from({ length: p.writers }, (_, w) => treeOf(p.dir, w, pods, p.containers)).flat();
  const t0 = monoUs();
  const ms = () => Math.round((monoUs() - t0) / 1000);
  await Promise.all(Array.from({ length: p.writers }, (_, w) => spawnWriter(p, w)));
  const createMs = ms();
  let pending = all;
  let lastProgress = ms();
  while (pending.length > 0 && ms() - lastProgress < p.settleMs && ms() < p.timeoutMs) {
    await delay(200);
    const next = stillIncomplete(pending, p.files);
    if (next.length < pending.length) lastProgress = ms();
    pending = next;
  }
  const result = { kind: "storm" as const, dirs: all.length, complete: all.length - pending.length };
  const allFilledMs = pending.length === 0 ? lastProgress : null;
  return { ...result, missed: pending.length, createMs, allFilledMs, missedSample: pending.slice(0, 5) };
}
