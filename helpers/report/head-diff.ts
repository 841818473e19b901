/**
 * `--gvisor head`: the head's cells against the newest pinned build's, from one run's results.json, as the short
 * Markdown `reports/<run>/head-diff.md` (also printed): a headline, then one line per finding x cell shape whose
 * verdict changed with the one-line summary of both sides. Cells pair by their dimensions except the release
 * (results-diff.ts), which pairs a build's variant runtimes too: `runsc-*-in-sandbox-cgroup-v2.<shape>`.
 */
import { diffResults, type DiffChange, type DiffSide, type ResultsDiff } from "./results-diff.js";
import { describeSide } from "./results-diff-render.js";
import type { ResultsFile } from "./results-schema.js";
import { clip, firstLine, stripControl } from "./text-format.js";

/** What names the two sides in the headline. */
export interface HeadDiffInfo {
  /** `committed`: as the headline shows it, e.g. `2026-12-01 05:50:48 UTC`. */
  head: { release: string; moduleVersion: string; committed: string };
  pinned: string;
  runId: string;
}

/** The head's cells (after) against the pinned build's (before), paired cell shape by cell shape. */
export function diffHeadAgainstPinned(results: ResultsFile, pinned: string, head: string): ResultsDiff {
  return diffResults(results, results, {
    matchCellsBy: "dimensions-except-release",
    beforeRelease: pinned,
    afterRelease: head,
  });
}

/** Inline code that no backtick in the text can close. */
export function mdCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

const oneLineSummary = (side: DiffSide | null): string =>
  side === null ? "(not run)" : clip(stripControl(firstLine(side.summary)), 160) || "(no summary)";

/** Cells of both builds that were compared, and those of one side only. */
function pairCounts(diff: ResultsDiff): { both: number; onlyPinned: number; onlyHead: number } {
  const pairs = diff.cellPairs;
  return {
    both: pairs.filter((p) => p.before !== null && p.after !== null).length,
    onlyPinned: pairs.filter((p) => p.before !== null && p.after === null).length,
    onlyHead: pairs.filter((p) => p.before === null && p.after !== null).length,
  };
}

/** The first line: `gVisor head <release> (<moduleVersion>, committed <UTC>) vs pinned <release>: N verdicts changed`. */
export function headDiffHeadline(diff: ResultsDiff, info: HeadDiffInfo): string {
  const { head } = info;
  const who = `gVisor head ${head.release} (${head.moduleVersion}, committed ${head.committed}) vs pinned ${info.pinned}`;
  if (pairCounts(diff).both === 0) return `${who}: nothing compared (no cell of both ran)`;
  const n = diff.changes.filter((c) => c.kind === "verdict-changed").length;
  return `${who}: ${n === 0 ? "no verdict changed" : `${n} ${n === 1 ? "verdict" : "verdicts"} changed`}`;
}

/** One line per change: `- `finding` in `cell shape`: holds → does-not-hold; pinned: `...`; head: `...``. */
export function headChangeLine(c: DiffChange): string {
  return (
    `- ${mdCode(c.findingId)} in ${mdCode(c.cellLabel)}: ${describeSide(c.before)} → ${describeSide(c.after)}; ` +
    `pinned: ${mdCode(oneLineSummary(c.before))}; head: ${mdCode(oneLineSummary(c.after))}`
  );
}

/** The whole head diff as Markdown (head-diff.md; printed as is). */
export function renderHeadDiff(diff: ResultsDiff, info: HeadDiffInfo): string {
  const verdicts = diff.changes.filter((c) => c.kind === "verdict-changed");
  const outcomes = diff.changes.filter((c) => c.kind === "outcome-changed");
  const counts = pairCounts(diff);
  const out = [headDiffHeadline(diff, info), ""];
  if (verdicts.length > 0) out.push(...verdicts.map(headChangeLine), "");
  if (outcomes.length > 0)
    out.push(
      "Outcome changed, no verdict change (an error, a skip, or another expectation):",
      "",
      ...outcomes.map(headChangeLine),
      "",
    );
  const only = diff.changes.filter((c) => c.kind === "appeared" || c.kind === "disappeared").length;
  out.push(
    `Cells paired by shape (\`*\` = the build): ${counts.both} in both, ${counts.onlyPinned} only in the pinned ` +
      `build, ${counts.onlyHead} only in the head; ${diff.unchanged} (finding, cell) results unchanged` +
      (only > 0 ? `, ${only} on one side only` : "") +
      `. Run: \`reports/${info.runId}/\`.`,
  );
  return `${out.join("\n")}\n`;
}

/** head-diff.md when there was nothing to diff (the head is a pinned build, or the proxy did not answer). */
export function renderHeadNote(line: string): string {
  return `${line}\n`;
}
