/** `--update-expectations`: rewrites each expectations file from a run's verdicts and shows the diff. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ResultsFile } from "../report/results-schema.js";
import type { ExpectationsIndex } from "./expectations-load.js";
import { unifiedDiff, updateExpectations, type Observation } from "./expectations-update.js";
import type { Finding } from "./finding.js";

export interface AppliedUpdate {
  file: string;
  diff: string;
  unplaceable: number;
}

export function applyRunToExpectations(
  results: ResultsFile,
  index: ExpectationsIndex,
  findings: readonly Finding[],
  root: string,
): AppliedUpdate[] {
  const dims = new Map(results.run.cells.map((c) => [c.id, c.dimensions]));
  const observations: Observation[] = results.results.flatMap((r) => {
    const d = dims.get(r.cellId);
    return r.verdict && d ? [{ findingId: r.findingId, dims: d, verdict: r.verdict, runId: results.run.id }] : [];
  });
  const files = [...new Set([...index.values()].map((e) => e.file))];
  return files.flatMap((file) => {
    const abs = path.resolve(root, file);
    const before = readFileSync(abs, "utf8");
    const update = updateExpectations(before, observations, findings, file);
    if (update.text === before) return [];
    writeFileSync(abs, update.text);
    return [{ file, diff: unifiedDiff(before, update.text, file), unplaceable: update.unplaceable.length }];
  });
}
