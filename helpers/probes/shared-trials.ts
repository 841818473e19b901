/**
 * Trials two findings of one cell both read (an OCI runtime's `run` without faker files: its ENOENT claim and its
 * never-starts claim), measured once per run and cell: the first finding's probe runs them and keeps the result
 * under the run's folder, the second reads it, and says so in its evidence. Outside a run (a repro bundle runs
 * one finding) nothing is shared.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runDir } from "../report/run-dir.js";

/** The file a measurement of this cell is kept in, or null outside a conformance run. */
export function sharedFile(cellId: string, key: string): string | null {
  if (!process.env.GVC_RUN_ID) return null;
  return path.join(runDir(), "shared-trials", `${cellId}.${key.replace(/[^a-z0-9.-]+/gi, "_")}.json`);
}

/** Why: the measurement is made once, whichever finding asks first; a second asker gets the same result. */
export async function measuredOnce<T>(
  cellId: string,
  key: string,
  measure: () => Promise<T>,
  onShared: (file: string) => void,
): Promise<T> {
  const file = sharedFile(cellId, key);
  if (file) {
    try {
      const kept = JSON.parse(readFileSync(file, "utf8")) as T;
      onShared(file);
      return kept;
    } catch {
      // not measured yet in this run
    }
  }
  const result = await measure();
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(result));
  }
  return result;
}
