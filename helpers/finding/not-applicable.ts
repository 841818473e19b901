/**
 * Findings x cells that do not apply by design generate no test (a skip would say something could have run);
 * the run's record still says why, cell by cell. The test files write them as they are collected (workers),
 * the reporter reads them back: `reports/<run>/not-applicable/<finding>.json`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FindingResult } from "../report/results-schema.js";
import { runDir } from "../report/run-dir.js";

const dirOf = (runId: string): string => path.join(runDir(runId), "not-applicable");

/** Records one finding's cells where it does not apply (nothing when there are none). */
export function recordNotApplicable(runId: string, findingId: string, results: readonly FindingResult[]): void {
  if (results.length === 0) return;
  const dir = dirOf(runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${findingId.replaceAll("/", "__")}.json`), JSON.stringify(results) + "\n");
}

/** Every not-applicable result this run recorded (none when no test file recorded any). */
export function readNotApplicable(runId: string): FindingResult[] {
  const dir = dirOf(runId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as FindingResult[]);
}
