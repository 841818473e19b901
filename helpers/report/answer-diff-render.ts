/** How the answer changed, first in `npm run diff`: `-` before and `+` after for each changed line. */
import { painter } from "./ansi.js";
import type { AnswerDiff } from "./answer-diff.js";
import { wrapText } from "./answer-wrap.js";
import { mdFence } from "./matrix-markdown.js";
import { stripControl } from "./text-format.js";

/** `the answer: 2 of 24 lines changed` or `the answer: unchanged (24 lines)`. */
export function describeAnswerDiff(diff: AnswerDiff): string {
  const total = diff.changes.length + diff.unchanged;
  if (diff.changes.length === 0) return `the answer: unchanged (${total} lines)`;
  return `the answer: ${diff.changes.length} of ${total} ${total === 1 ? "line" : "lines"} changed`;
}

/** `- before` / `+ after` pairs, one per changed line. */
export function answerChangeLines(diff: AnswerDiff): string[] {
  return diff.changes.flatMap((c) => [
    ...(c.before === null ? [] : [`- ${stripControl(c.before)}`]),
    ...(c.after === null ? [] : [`+ ${stripControl(c.after)}`]),
  ]);
}

/** The answer's changes for a terminal, wrapped at `width`; removed lines red, added green when `color`. */
export function renderAnswerDiffTerminal(diff: AnswerDiff, options: { color: boolean; width?: number }): string[] {
  const paint = painter(options.color);
  const width = options.width ?? 120;
  const lines = answerChangeLines(diff).flatMap((line) =>
    wrapText(line.slice(2), width, `  ${line.slice(0, 2)}`, "      ").map((l) =>
      paint(l, line.startsWith("-") ? "red" : "green"),
    ),
  );
  return [paint(describeAnswerDiff(diff), diff.changes.length > 0 ? "bold" : "green"), ...lines];
}

/** The answer's changes as Markdown: a heading and a `diff` block. */
export function renderAnswerDiffMarkdown(diff: AnswerDiff): string[] {
  const out = ["## The answer", "", `**${describeAnswerDiff(diff)}**`];
  if (diff.changes.length > 0) out.push("", mdFence(answerChangeLines(diff), "diff"));
  return out;
}
