/**
 * Run-to-run diff: which (finding, cell) verdicts and outcomes changed between two results files. Cells match
 * by id, or by their dimensions except the gVisor release (to compare two releases cell for cell).
 */
import { wasMeasured, type Outcome, type Verdict } from "../finding/verdict.js";
import { evidenceExcerpt } from "./evidence-excerpt.js";
import { indexRun, type MatchCellsBy } from "./results-diff-cells.js";
import type { FindingResult, ResultsFile } from "./results-schema.js";

/** Re-exported so that callers of diffResults need one import. */
export type { MatchCellsBy } from "./results-diff-cells.js";

/** How to pair cells, and which release each side keeps. */
export interface DiffOptions {
  matchCellsBy?: MatchCellsBy;
  /** Keep only the cells of this release on the before side (to compare two releases within one run). */
  beforeRelease?: string;
  afterRelease?: string;
}

/** What changed for one (finding, cell). */
export type ChangeKind = "verdict-changed" | "outcome-changed" | "appeared" | "disappeared";
/** Change kinds in the order reports list them (most important first). */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  "verdict-changed",
  "outcome-changed",
  "appeared",
  "disappeared",
];

/** One side of a change: what the run said, with a short evidence excerpt. */
export interface DiffSide {
  cellId: string;
  outcome: Outcome;
  verdict: Verdict | null;
  summary: string;
  excerpt: string[];
}

/** One (finding, cell) that changed, with both sides. */
export interface DiffChange {
  kind: ChangeKind;
  findingId: string;
  /** How the cell is named in the diff: its id, or with the release replaced by `*` when the ids differ. */
  cellLabel: string;
  before: DiffSide | null;
  after: DiffSide | null;
}

/** What names a run in the diff header. */
export interface DiffRunSummary {
  id: string;
  startedAt: string;
  finishedAt: string;
  runscVersions: string[];
}

/** Which cell of each run was compared with which (null = only in one run). */
export interface CellPair {
  label: string;
  before: string | null;
  after: string | null;
}

/** The whole diff: both runs, the cell pairing, the changes. */
export interface ResultsDiff {
  matchCellsBy: MatchCellsBy;
  before: DiffRunSummary;
  after: DiffRunSummary;
  cellPairs: CellPair[];
  changes: DiffChange[];
  /** (finding, cell) pairs present in both runs with the same outcome and verdict. */
  unchanged: number;
}

function toSide(r: FindingResult | undefined): DiffSide | null {
  if (r === undefined) return null;
  const { cellId, outcome, verdict, summary } = r;
  return { cellId, outcome, verdict, summary, excerpt: evidenceExcerpt(r, 3) };
}

function summarizeRun(file: ResultsFile, release: string | undefined): DiffRunSummary {
  const cells = file.run.cells.filter((c) => release === undefined || c.dimensions.release === release);
  const versions = cells.flatMap((c) => (c.observation.runscVersion ? [c.observation.runscVersion] : []));
  const { id, startedAt, finishedAt } = file.run;
  return { id, startedAt, finishedAt, runscVersions: [...new Set(versions)].sort() };
}

/** Compares two runs; changes are sorted by kind (verdict changes first), then finding, then cell. */
export function diffResults(before: ResultsFile, after: ResultsFile, options: DiffOptions = {}): ResultsDiff {
  const by = options.matchCellsBy ?? "id";
  const a = indexRun(before, by, options.beforeRelease, "before");
  const b = indexRun(after, by, options.afterRelease, "after");
  const keys = [...new Set([...a.cellIdByKey.keys(), ...b.cellIdByKey.keys()])];
  const cellPairs = keys.map((key) => ({
    label: key,
    before: a.cellIdByKey.get(key) ?? null,
    after: b.cellIdByKey.get(key) ?? null,
  }));

  const changes: DiffChange[] = [];
  let unchanged = 0;
  for (const k of new Set([...a.results.keys(), ...b.results.keys()])) {
    const [findingId, key] = k.split("\u0000") as [string, string];
    const x = a.results.get(k);
    const y = b.results.get(k);
    let kind: ChangeKind | null = null;
    if (x === undefined) kind = "appeared";
    else if (y === undefined) kind = "disappeared";
    else if (x.verdict !== null && y.verdict !== null && x.verdict !== y.verdict) kind = "verdict-changed";
    // Not measured on both sides (a skip, or does not apply: runs before the two were told apart) is no change.
    else if (!wasMeasured(x.outcome) && !wasMeasured(y.outcome)) kind = null;
    else if (x.outcome !== y.outcome || x.verdict !== y.verdict) kind = "outcome-changed";
    if (kind === null) unchanged++;
    else changes.push({ kind, findingId, cellLabel: key, before: toSide(x), after: toSide(y) });
  }
  changes.sort(
    (p, q) =>
      CHANGE_KINDS.indexOf(p.kind) - CHANGE_KINDS.indexOf(q.kind) ||
      p.findingId.localeCompare(q.findingId) ||
      p.cellLabel.localeCompare(q.cellLabel),
  );
  return {
    matchCellsBy: by,
    before: summarizeRun(before, options.beforeRelease),
    after: summarizeRun(after, options.afterRelease),
    cellPairs,
    changes,
    unchanged,
  };
}

/** The changes that count as a behaviour change (the CLI's exit status): verdict changes only. */
export function verdictChanges(diff: ResultsDiff): DiffChange[] {
  return diff.changes.filter((c) => c.kind === "verdict-changed");
}
