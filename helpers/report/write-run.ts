/** Writes a run's record and its views: results.json, matrix.md, matrix.html; points reports/latest at it. */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderMatrixHtml } from "./matrix-html.js";
import { renderMatrixMarkdown } from "./matrix-markdown.js";
import { RESULTS_SCHEMA_VERSION, type FindingResult, type ResultsFile, type RunInfo } from "./results-schema.js";
import { REPORTS_DIR, runDir } from "./run-dir.js";

type StartedRunInfo = Omit<RunInfo, "finishedAt"> & { startMs?: Record<string, number> };

/** The run info globalSetup wrote, or null when this run started no cells (a unit-only run). */
export function readStartedRunInfo(runId: string): StartedRunInfo | null {
  const file = path.join(runDir(runId), "run-info.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StartedRunInfo) : null;
}

/** Each cell's wall time: its sandbox start plus the time its findings took. */
export function assembleResults(info: StartedRunInfo, results: FindingResult[], finishedAt: Date): ResultsFile {
  const { startMs = {}, ...run } = info;
  const cells = run.cells.map((cell) => ({
    ...cell,
    wallMs:
      (startMs[cell.id] ?? 0) +
      results.filter((r) => r.cellId === cell.id).reduce((sum, r) => sum + r.durationMs, 0),
  }));
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: { ...run, cells, finishedAt: finishedAt.toISOString() },
    results,
  };
}

export function writeRun(results: ResultsFile): string {
  const dir = runDir(results.run.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(path.join(dir, "matrix.md"), renderMatrixMarkdown(results));
  writeFileSync(path.join(dir, "matrix.html"), renderMatrixHtml(results));
  const latest = path.join(REPORTS_DIR, "latest");
  rmSync(latest, { force: true });
  symlinkSync(results.run.id, latest);
  return dir;
}
