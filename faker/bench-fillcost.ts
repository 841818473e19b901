/**
 * Benchmark driver, fill-cost: what creating the control files alone costs this kernel, measured the way the
 * faker does it (synchronous O_EXCL creates, default contents) after an idle gap like the faker's wait for its
 * next event. gVisor's syscalls are much slower right after idle than in a tight loop, and this is the part
 * of a faker's latency that no watching mechanism can remove.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DEFAULT_CONTENT } from "./control-files.js";
import { nodeCreateFile } from "./fill-dir.js";
import { monoUs, round1, sleepMs } from "./bench-util.js";

/** Result: raw µs to create every file of one directory, after gapMs of idle. */
export interface FillCostResult {
  kind: "fill-cost";
  count: number;
  files: number;
  latUs: number[];
  firstFileUs: number[];
}

export function runFillCost(dir: string, files: readonly string[], count: number, gapMs: number): FillCostResult {
  const latUs: number[] = [];
  const firstFileUs: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = path.join(dir, `fill-${i}`);
    mkdirSync(d, { recursive: true });
    sleepMs(gapMs);
    const t0 = monoUs();
    for (const [index, name] of files.entries()) {
      nodeCreateFile(path.join(d, name), DEFAULT_CONTENT[name] ?? "");
      if (index === 0) firstFileUs.push(round1(monoUs() - t0));
    }
    latUs.push(round1(monoUs() - t0));
  }
  return { kind: "fill-cost", count, files: files.length, latUs, firstFileUs };
}
