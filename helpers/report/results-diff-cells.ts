/** How a diff pairs the cells of two runs: by id, or by id with the gVisor release replaced by `*`. */
import type { CellInfo, FindingResult, ResultsFile } from "./results-schema.js";

/** `id`: same cell id; `dimensions-except-release`: same cell in two gVisor releases. */
export type MatchCellsBy = "id" | "dimensions-except-release";

/** A run's cells and results keyed for matching. */
export interface IndexedRun {
  /** Matching key -> the cell id it stands for in this run. */
  cellIdByKey: Map<string, string>;
  /** `findingId \0 key` -> result. */
  results: Map<string, FindingResult>;
}

/**
 * The matching key: the id, or the id with the release replaced by `*` (`runsc-*.bookworm.native.no-faker`).
 * The runtime name keeps an explicitly chosen platform (`runsc-*-platform-kvm`) while a release's default
 * platform (ptrace before mid-2023, systrap after) does not split the pair.
 */
export function cellMatchKey(cell: CellInfo, by: MatchCellsBy): string {
  const release = cell.dimensions.release;
  return by === "id" || !release ? cell.id : cell.id.split(release).join("*");
}

/** Key of one (finding, cell) result. */
const resultKey = (findingId: string, key: string): string => `${findingId}\u0000${key}`;

/** Indexes a run; throws when two kept cells get the same key (two releases of one cell in one run). */
export function indexRun(
  file: ResultsFile,
  by: MatchCellsBy,
  release: string | undefined,
  which: string,
): IndexedRun {
  const keyOf = new Map<string, string>();
  const cellIdByKey = new Map<string, string>();
  for (const cell of file.run.cells) {
    if (release !== undefined && cell.dimensions.release !== release) continue;
    const key = cellMatchKey(cell, by);
    const clash = cellIdByKey.get(key);
    if (clash !== undefined) {
      throw new Error(
        `${which} run ${file.run.id}: cells ${clash} and ${cell.id} differ only in their release; ` +
          `choose one release per side (beforeRelease/afterRelease) or match by id`,
      );
    }
    cellIdByKey.set(key, cell.id);
    keyOf.set(cell.id, key);
  }
  const results = new Map<string, FindingResult>();
  for (const r of file.results) {
    let key = keyOf.get(r.cellId);
    if (key === undefined) {
      // A result in a cell the run does not describe: matched by its id alone (dropped when filtering a release).
      if (release !== undefined) continue;
      key = r.cellId;
      keyOf.set(r.cellId, key);
      cellIdByKey.set(key, r.cellId);
    }
    results.set(resultKey(r.findingId, key), r);
  }
  return { cellIdByKey, results };
}
