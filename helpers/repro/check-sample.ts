/**
 * Which verdicts `npm run repro:check` reproduces: one per area of the run (every area at least once; the
 * faker area's findings are the statistical races), plus a blocked verdict if those picks have none, and one
 * finding of a cell blocked at its start if the run has one (repro.sh's own blocked path). Per area the
 * quickest result the run recorded is taken, preferring real verdicts of cells that started. Pure.
 */
import type { ResultsFile } from "../report/results-schema.js";
import { whyNoRepro } from "./request.js";

export interface SamplePick {
  findingId: string;
  cellId: string;
  verdict: string;
  /** Why it is in the sample. */
  why: string;
}

/** A k3s finding's recorded duration is its share of its cell's run, not the cluster's minutes: count those. */
const K3S_CELL_RUN_MS = 300_000;
const cost = (r: { findingId: string; durationMs: number }): number =>
  r.durationMs + (r.findingId.startsWith("k3s/") ? K3S_CELL_RUN_MS : 0);

export function pickSample(results: ResultsFile): SamplePick[] {
  const cells = new Map(results.run.cells.map((c) => [c.id, c]));
  const candidates = results.results
    .filter((r) => whyNoRepro(r, cells.get(r.cellId)) === null)
    .map((r) => ({
      r,
      // lower is better: a real verdict of a started cell, then a probe's blocked verdict, then a blocked start
      rank: cells.get(r.cellId)?.blocked ? 2 : r.verdict === "blocked" ? 1 : 0,
    }))
    .sort((a, b) => a.rank - b.rank || cost(a.r) - cost(b.r));
  const pick = (r: (typeof candidates)[number]["r"], why: string): SamplePick => ({
    findingId: r.findingId,
    cellId: r.cellId,
    verdict: r.verdict ?? "",
    why,
  });
  const areas = [...new Set(results.results.map((r) => r.findingId.split("/")[0] ?? ""))];
  const sample = areas.flatMap((area) => {
    const first = candidates.find((c) => c.r.findingId.startsWith(`${area}/`));
    return first ? [pick(first.r, `area ${area}`)] : [];
  });
  if (!sample.some((s) => s.verdict === "blocked")) {
    const blocked = candidates.find((c) => c.r.verdict === "blocked");
    if (blocked) sample.push(pick(blocked.r, "a blocked verdict"));
  }
  if (!sample.some((s) => cells.get(s.cellId)?.blocked)) {
    const blockedAtStart = candidates.find((c) => c.rank === 2);
    if (blockedAtStart) sample.push(pick(blockedAtStart.r, "a cell blocked at its start"));
  }
  return sample;
}
