/**
 * The matrix every renderer draws: findings (rows) x cells (columns), one entry per result or "not run".
 * Pure: built from a ResultsFile only.
 */
import type { MetricRecord, TrialStats } from "../finding/evidence.js";
import type { Outcome, Verdict } from "../finding/verdict.js";
import type { OutcomeCounts } from "./entry-labels.js";
import type { CellInfo, FindingResult, ResultsFile, RuleRef, RunInfo } from "./results-schema.js";

/** A finding row. */
export interface MatrixRow {
  findingId: string;
  claim: string;
  source: { experiment: string; section: string };
}

/** A cell column: numbered from 1 so that narrow renderers can head it with the number. */
export interface MatrixColumn {
  number: number;
  cellId: string;
  label: string;
  /** Absent when results name a cell the run's cell list does not describe. */
  cell: CellInfo | null;
}

/** One finding in one cell. */
export interface MatrixEntry {
  outcome: Outcome;
  verdict: Verdict | null;
  expected: Verdict[];
  rule: RuleRef | null;
  because: string | null;
  summary: string;
  reason: string | null;
  stats: TrialStats | null;
  metrics: MetricRecord[];
  result: FindingResult;
}

/** An entry the renderers show loudly, with where it is. */
export interface UnexpectedEntry {
  row: MatrixRow;
  column: MatrixColumn;
  entry: MatrixEntry;
}

/** Everything a matrix renderer needs, computed once. */
export interface MatrixModel {
  run: RunInfo;
  rows: MatrixRow[];
  columns: MatrixColumn[];
  /** entries[row][column]; null = the finding did not run in that cell. */
  entries: (MatrixEntry | null)[][];
  counts: OutcomeCounts;
  unexpected: UnexpectedEntry[];
  errors: UnexpectedEntry[];
}

/** A short column label from the cell's dimensions: `runsc 20240729 systrap · bookworm · tmpfs · faker-ts`. */
export function shortCellLabel(cell: CellInfo | null, cellId: string): string {
  if (cell === null) return cellId;
  const d = cell.dimensions;
  const runtime = d.runtime === "runc" ? "runc" : ["runsc", d.release, d.platform].filter(Boolean).join(" ");
  const parts = [runtime, d.image];
  if (d.cgroupSetup !== "native") parts.push(d.cgroupSetup);
  if (d.faker !== "none") parts.push(`faker-${d.faker}`);
  return parts.join(" · ");
}

/** The image a cell ran: its tag, plus the Debian suite when the tag does not already say it. */
export function describeImage(cell: CellInfo): string {
  const suite = cell.observation.imageSuite || cell.dimensions.image;
  return cell.image.tag.includes(suite) ? cell.image.tag : `${cell.image.tag} (${suite})`;
}

function toEntry(result: FindingResult): MatrixEntry {
  return {
    outcome: result.outcome,
    verdict: result.verdict,
    expected: result.expected,
    rule: result.rule,
    because: result.rule?.because ?? null,
    summary: result.summary,
    reason: result.reason ?? null,
    stats: result.stats ?? null,
    metrics: result.evidence.flatMap((item) => (item.kind === "metric" ? [item.metric] : [])),
    result,
  };
}

/** Builds the matrix: rows sorted by finding id, columns in the run's cell order (unknown cells last). */
export function buildMatrixModel(results: ResultsFile): MatrixModel {
  const cellIds = results.run.cells.map((c) => c.id);
  for (const r of results.results) if (!cellIds.includes(r.cellId)) cellIds.push(r.cellId);
  const columns = cellIds.map((cellId, i): MatrixColumn => {
    const cell = results.run.cells.find((c) => c.id === cellId) ?? null;
    return { number: i + 1, cellId, label: shortCellLabel(cell, cellId), cell };
  });

  const rowById = new Map<string, MatrixRow>();
  for (const r of results.results) {
    if (!rowById.has(r.findingId))
      rowById.set(r.findingId, { findingId: r.findingId, claim: r.claim, source: r.source });
  }
  const rows = [...rowById.values()].sort((a, b) => a.findingId.localeCompare(b.findingId));
  const rowIndex = new Map(rows.map((row, i) => [row.findingId, i]));
  const entries = rows.map(() => columns.map((): MatrixEntry | null => null));
  for (const r of results.results) {
    const row = entries[rowIndex.get(r.findingId) as number] as (MatrixEntry | null)[];
    row[cellIds.indexOf(r.cellId)] = toEntry(r);
  }

  const counts: OutcomeCounts = {
    "as-expected": 0,
    unexpected: 0,
    error: 0,
    skipped: 0,
    "not-applicable": 0,
    "not-run": 0,
  };
  const unexpected: UnexpectedEntry[] = [];
  const errors: UnexpectedEntry[] = [];
  rows.forEach((row, i) => {
    columns.forEach((column, j) => {
      const entry = entries[i]?.[j] ?? null;
      if (entry === null) return void counts["not-run"]++;
      counts[entry.outcome]++;
      if (entry.outcome === "unexpected") unexpected.push({ row, column, entry });
      if (entry.outcome === "error") errors.push({ row, column, entry });
    });
  });
  return { run: results.run, rows, columns, entries, counts, unexpected, errors };
}
