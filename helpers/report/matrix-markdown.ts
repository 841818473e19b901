/** The run as GitHub-flavoured Markdown: the answer first, then run info, matrix, legend, unexpected outcomes, notes. */
import { answerOf } from "./answer.js";
import { renderAnswerMarkdown } from "./answer-markdown.js";
import {
  describeCounts,
  describeExpected,
  describeRule,
  entryGlyph,
  entryWord,
  GLYPH_LEGEND,
  UNEXPECTED_MARK,
} from "./entry-labels.js";
import { evidenceExcerpt } from "./evidence-excerpt.js";
import { buildMatrixModel, describeImage, type MatrixEntry, type MatrixModel } from "./matrix-model.js";
import type { ResultsFile } from "./results-schema.js";
import { formatDuration, stripControl, wallTimeMs } from "./text-format.js";

/** Text safe inside a Markdown table cell (no pipes, no line breaks). */
export function mdCell(text: string): string {
  return stripControl(text.replace(/\r?\n/g, " ")).replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
}

/** A fenced code block whose fence cannot be closed by the content. */
export function mdFence(lines: readonly string[], lang = "text"): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${lang}`, ...lines, fence].join("\n");
}

function entryCell(entry: MatrixEntry | null): string {
  const text = `${entryGlyph(entry)} ${entryWord(entry)}`;
  if (entry?.outcome !== "unexpected") return text;
  return `**${UNEXPECTED_MARK} ${text}** (expected ${mdCell(describeExpected(entry.expected))})`;
}

function runInfo(model: MatrixModel): string[] {
  const { run } = model;
  const wall = wallTimeMs(run.startedAt, run.finishedAt);
  return [
    "## Run",
    "",
    `- started ${run.startedAt}, finished ${run.finishedAt} (${wall === null ? "?" : formatDuration(wall)})`,
    `- host kernel \`${mdCell(run.host.kernel)}\`, engine ${mdCell(run.host.engineVersion)}, node ${mdCell(run.host.node)}`,
    `- harness ${mdCell(run.harnessVersion)}`,
    ...(run.k3sTier && !run.notes.includes(run.k3sTier) ? [`- ${mdCell(run.k3sTier)}`] : []),
    `- ${describeCounts(model.counts)}`,
  ];
}

function cellTable(model: MatrixModel): string[] {
  const lines = [
    "| # | cell | runtime | runsc version | platform | image | runc | containerd | wall time |",
    "|--:|:--|:--|:--|:--|:--|:--|:--|--:|",
  ];
  for (const c of model.columns) {
    const cell = c.cell;
    const obs = cell?.observation;
    const cols = cell
      ? [
          cell.dockerRuntime,
          cell.blocked ? `blocked: ${cell.blocked}` : (obs?.runscVersion ?? "-"),
          obs?.platform ?? "-",
          describeImage(cell),
          obs?.runcVersion ?? "-",
          obs?.containerdVersion ?? "-",
          cell.wallMs === undefined ? "-" : formatDuration(cell.wallMs),
        ]
      : ["not described", "", "", "", "", "", ""];
    lines.push(`| ${c.number} | \`${mdCell(c.cellId)}\` | ${cols.map(mdCell).join(" | ")} |`);
  }
  return lines;
}

function matrixTable(model: MatrixModel): string[] {
  const lines = [
    `| finding | ${model.columns.map((c) => c.number).join(" | ")} |`,
    `|:--|${model.columns.map(() => ":-:").join("|")}|`,
  ];
  model.rows.forEach((row, i) => {
    const cells = model.columns.map((_, j) => entryCell(model.entries[i]?.[j] ?? null));
    lines.push(`| \`${mdCell(row.findingId)}\` | ${cells.join(" | ")} |`);
  });
  return lines;
}

/** Renders the run as one Markdown document. */
export function renderMatrixMarkdown(results: ResultsFile): string {
  const model = buildMatrixModel(results);
  const out = [
    `# gVisor conformance run \`${model.run.id}\``,
    "",
    ...renderAnswerMarkdown(answerOf(results)),
    "",
    ...runInfo(model),
    "",
    "## Matrix",
    "",
    ...matrixTable(model),
    "",
  ];
  out.push(
    `Legend: ${GLYPH_LEGEND.map(([g, w]) => `${g} ${w}`).join(", ")}`,
    "",
    "## Cells",
    "",
    ...cellTable(model),
  );
  out.push("", "## Unexpected", "");
  if (model.unexpected.length === 0) out.push("None: every verdict was as expected.");
  for (const { row, column, entry } of model.unexpected) {
    out.push(
      `### \`${mdCell(row.findingId)}\` in \`${mdCell(column.cellId)}\``,
      "",
      `- **claim:** ${mdCell(row.claim)}`,
      `- **expected:** ${mdCell(describeExpected(entry.expected))} (${mdCell(describeRule(entry.rule))})`,
      `- **observed:** ${mdCell(entryWord(entry))}`,
      `- **summary:** ${mdCell(entry.summary)}`,
      "",
      mdFence(evidenceExcerpt(entry.result, 4)),
      "",
    );
  }
  if (model.errors.length > 0) out.push("## Errors", "");
  for (const { row, column, entry } of model.errors) {
    out.push(
      `- \`${mdCell(row.findingId)}\` in \`${mdCell(column.cellId)}\`: ${mdCell(entry.reason ?? entry.summary)}`,
    );
  }
  if (model.run.notes.length > 0)
    out.push("", "## Did not run", "", ...model.run.notes.map((n) => `- ${mdCell(n)}`));
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}
