/**
 * A run-to-run diff as terminal text or Markdown: how the answer changed first (when given: answer-diff.ts), then
 * both runs named, then each verdict change with its evidence.
 */
import { painter, type Paint } from "./ansi.js";
import type { AnswerDiff } from "./answer-diff.js";
import { renderAnswerDiffMarkdown, renderAnswerDiffTerminal } from "./answer-diff-render.js";
import {
  CHANGE_KINDS,
  type ChangeKind,
  type DiffChange,
  type DiffRunSummary,
  type DiffSide,
  type ResultsDiff,
} from "./results-diff.js";
import { mdCell, mdFence } from "./matrix-markdown.js";
import { stripControl } from "./text-format.js";

const HEADINGS: Record<ChangeKind, string> = {
  "verdict-changed": "verdict changed",
  "outcome-changed": "outcome changed (no verdict change)",
  appeared: "appeared (only in after)",
  disappeared: "disappeared (only in before)",
};

/** `holds` for a verdict as expected, `does-not-hold (unexpected)`, `error`, `skipped`, `does not apply`. */
export function describeSide(side: DiffSide | null): string {
  if (side === null) return "absent";
  if (side.outcome === "not-applicable") return "does not apply";
  if (side.outcome === "error" || side.outcome === "skipped") return side.outcome;
  const verdict = side.verdict ?? "no verdict";
  return side.outcome === "unexpected" ? `${verdict} (unexpected)` : verdict;
}

/** One line per change: `kernel/x  cell: holds -> does-not-hold`. */
export function changeLine(c: DiffChange): string {
  return `${c.findingId}  ${c.cellLabel}: ${describeSide(c.before)} -> ${describeSide(c.after)}`;
}

/** `2 verdicts changed, 1 outcome changed, 0 appeared, 0 disappeared, 40 unchanged` or `no verdict changed (...)`. */
export function describeDiffCounts(diff: ResultsDiff): string {
  const n = (k: ChangeKind): number => diff.changes.filter((c) => c.kind === k).length;
  const rest = `${n("outcome-changed")} outcome changed, ${n("appeared")} appeared, ${n("disappeared")} disappeared, ${diff.unchanged} unchanged`;
  const v = n("verdict-changed");
  return v === 0 ? `no verdict changed (${rest})` : `${v} ${v === 1 ? "verdict" : "verdicts"} changed, ${rest}`;
}

const runLine = (r: DiffRunSummary): string =>
  `${r.id}  started ${r.startedAt}  runsc ${r.runscVersions.length ? r.runscVersions.join(", ") : "none"}`;

/** Whether both sides are the same cell id (then the cell is not repeated on each side). */
const sameCell = (c: DiffChange): boolean =>
  c.before === null || c.after === null || c.before.cellId === c.after.cellId;

function sideLines(name: string, side: DiffSide | null, cellShown: boolean): string[] {
  if (side === null) return [];
  const cell = cellShown ? "" : ` [${side.cellId}]`;
  return [`    ${name}${cell}: ${stripControl(side.summary)}`, ...side.excerpt.map((l) => `        ${l}`)];
}

function pairLines(diff: ResultsDiff): string[] {
  const how = diff.matchCellsBy === "id" ? "by id" : "by dimensions except the gVisor release";
  const both = diff.cellPairs.filter((p) => p.before !== null && p.after !== null).length;
  const shown = diff.cellPairs.filter((p) => diff.matchCellsBy !== "id" || p.before === null || p.after === null);
  return [
    `cells matched ${how}: ${both} in both runs`,
    ...shown.map((p) => `  ${p.label}: ${p.before ?? "(not in before)"} -> ${p.after ?? "(not in after)"}`),
  ];
}

/** Terminal options: colour, and the answer's changes to show first. */
export interface DiffTerminalOptions {
  color: boolean;
  answer?: AnswerDiff;
  width?: number;
}

/** The diff for a terminal: the answer's changes first when given; verdict changes in red when `color`. */
export function renderDiffTerminal(diff: ResultsDiff, options: DiffTerminalOptions): string {
  const paint: Paint = painter(options.color);
  const answer = options.answer
    ? [...renderAnswerDiffTerminal(options.answer, { color: options.color, width: options.width }), ""]
    : [];
  const out = [
    ...answer,
    `before: ${runLine(diff.before)}`,
    `after:  ${runLine(diff.after)}`,
    ...pairLines(diff),
    "",
  ];
  const verdicts = diff.changes.some((c) => c.kind === "verdict-changed");
  out.push(paint(describeDiffCounts(diff), verdicts ? "red" : "green"));
  for (const kind of CHANGE_KINDS) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    out.push("", paint(`${HEADINGS[kind]}:`, "bold"));
    for (const c of changes) {
      out.push(paint(changeLine(c), kind === "verdict-changed" ? "red" : "yellow"));
      out.push(...sideLines("before", c.before, sameCell(c)), ...sideLines("after ", c.after, sameCell(c)));
    }
  }
  return `${out.join("\n")}\n`;
}

/** The diff as Markdown (for a PR comment or a CI summary): the answer's changes first when given. */
export function renderDiffMarkdown(diff: ResultsDiff, answer?: AnswerDiff): string {
  const out = [
    "# gVisor conformance diff",
    "",
    ...(answer ? [...renderAnswerDiffMarkdown(answer), "", "## Verdicts", ""] : []),
    "| | run | started | runsc |",
    "|:--|:--|:--|:--|",
    ...(["before", "after"] as const).map((k) => {
      const r = diff[k];
      return `| ${k} | \`${mdCell(r.id)}\` | ${mdCell(r.startedAt)} | ${mdCell(r.runscVersions.join(", ") || "none")} |`;
    }),
    "",
    `**${describeDiffCounts(diff)}**`,
  ];
  for (const kind of CHANGE_KINDS) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    out.push("", `## ${HEADINGS[kind]}`, "");
    for (const c of changes) {
      out.push(
        `- \`${mdCell(c.findingId)}\` in \`${mdCell(c.cellLabel)}\`: **${describeSide(c.before)} → ${describeSide(c.after)}**`,
      );
      const lines = [...sideLines("before", c.before, sameCell(c)), ...sideLines("after ", c.after, sameCell(c))];
      out.push("", mdFence(lines.map((l) => l.slice(4))).replace(/^/gm, "  "), "");
    }
  }
  out.push(
    "",
    "<details><summary>cell pairs</summary>",
    "",
    ...pairLines(diff).map((l) => `    ${l}`),
    "",
    "</details>",
  );
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}
