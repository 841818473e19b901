/** Where a run's output goes: `reports/<run>/`, with `reports/latest` pointing at the newest run. */
import path from "node:path";

export const REPORTS_DIR = path.resolve(import.meta.dirname, "../../reports");

/** A sortable, filesystem-safe run id: `2026-11-28T20-30-00Z`. */
export function runId(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replaceAll(":", "-");
}

export function runDir(id: string = currentRunId()): string {
  return path.join(REPORTS_DIR, id);
}

export function currentRunId(): string {
  const id = process.env.GVC_RUN_ID;
  if (!id) throw new Error("GVC_RUN_ID is not set: runs start through vitest.config.ts or cli/conformance.ts");
  return id;
}
