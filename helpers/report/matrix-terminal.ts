/**
 * The run as terminal text: the answer first (answer-terminal.ts), then the matrix of findings x numbered cells,
 * a cell legend, counts, and what was unexpected.
 */
import { answerOf } from "./answer.js";
import { renderAnswerTerminal } from "./answer-terminal.js";
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
import { buildMatrixModel, type MatrixEntry, type MatrixModel, type UnexpectedEntry } from "./matrix-model.js";
import type { ResultsFile } from "./results-schema.js";
import { painter, type Paint, type Style } from "./ansi.js";
import { clip, formatDuration, stripControl, wallTimeMs } from "./text-format.js";

/** Terminal rendering options (colour is decided by the caller: TTY, NO_COLOR). */
export interface TerminalOptions {
  color: boolean;
  /** Terminal columns; entries are shown as words when they fit, else as glyphs. Default 120. */
  width?: number;
}

function entryStyle(entry: MatrixEntry | null): Style | null {
  if (entry === null || entry.outcome === "skipped" || entry.outcome === "not-applicable") return "dim";
  return entry.outcome === "unexpected" ? "red" : entry.outcome === "error" ? "yellow" : "green";
}

function entryText(entry: MatrixEntry | null, words: boolean): string {
  const mark = entry?.outcome === "unexpected" ? UNEXPECTED_MARK : "";
  return words
    ? `${entryGlyph(entry)} ${entryWord(entry)}${mark ? ` ${mark}` : ""}`
    : `${entryGlyph(entry)}${mark}`;
}

function renderTable(model: MatrixModel, width: number, paint: Paint): string[] {
  const idWidth = Math.min(48, Math.max(7, ...model.rows.map((r) => r.findingId.length)));
  const widthsFor = (words: boolean): number[] =>
    model.columns.map((col, j) =>
      Math.max(String(col.number).length, ...model.entries.map((row) => entryText(row[j] ?? null, words).length)),
    );
  const total = (ws: number[]): number => idWidth + ws.reduce((acc, w) => acc + w + 2, 0) + 16;
  const words = total(widthsFor(true)) <= width;
  const widths = widthsFor(words);
  const header = [
    "finding".padEnd(idWidth),
    ...model.columns.map((c, j) => String(c.number).padEnd(widths[j] as number)),
  ];
  const lines = [paint(header.join("  ").trimEnd(), "bold")];
  model.rows.forEach((row, i) => {
    const rowEntries = model.entries[i] ?? [];
    const cells = model.columns.map((_, j) => {
      const entry = rowEntries[j] ?? null;
      return paint(entryText(entry, words).padEnd(widths[j] as number), entryStyle(entry));
    });
    const unexpected = rowEntries.filter((e) => e?.outcome === "unexpected").length;
    const flag = unexpected > 0 ? paint(`  <- ${unexpected} UNEXPECTED`, "red") : "";
    lines.push(`${clip(row.findingId, idWidth).padEnd(idWidth)}  ${cells.join("  ")}${flag}`.trimEnd());
  });
  return lines;
}

function renderCells(model: MatrixModel): string[] {
  const numberWidth = String(model.columns.length).length;
  const idWidth = Math.max(...model.columns.map((c) => c.cellId.length), 0);
  const lines = model.columns.map((c) => {
    const obs = c.cell?.observation;
    const detail = c.cell?.blocked
      ? `BLOCKED: ${c.cell.blocked}`
      : obs
        ? [obs.runscVersion ?? "runc", obs.platform].filter(Boolean).join(", ")
        : "not described";
    return `  ${String(c.number).padStart(numberWidth)}  ${c.cellId.padEnd(idWidth)}  ${detail}`;
  });
  const walls = model.columns.map(
    (c) => `${c.number}: ${c.cell?.wallMs === undefined ? "-" : formatDuration(c.cell.wallMs)}`,
  );
  const runMs = wallTimeMs(model.run.startedAt, model.run.finishedAt);
  lines.push(`wall time: ${walls.join(", ")}; run total ${runMs === null ? "?" : formatDuration(runMs)}`);
  return lines;
}

function renderUnexpected(u: UnexpectedEntry, paint: Paint): string[] {
  const { entry } = u;
  const evidence = evidenceExcerpt(entry.result, 4);
  return [
    paint(`UNEXPECTED ${u.row.findingId} in ${u.column.cellId}`, "red"),
    `  claim:    ${u.row.claim}`,
    `  expected: ${describeExpected(entry.expected)}   (${describeRule(entry.rule)})`,
    `  observed: ${entryWord(entry)}`,
    `  summary:  ${stripControl(entry.summary)}`,
    ...evidence.map((line, i) => `  ${i === 0 ? "evidence:" : "         "} ${line}`),
  ];
}

/** Renders the run for a terminal; `color` adds ANSI colours (unexpected in red). */
export function renderMatrixTerminal(results: ResultsFile, options: TerminalOptions): string {
  const paint = painter(options.color);
  const model = buildMatrixModel(results);
  const { run } = model;
  const width = options.width ?? 120;
  const out = [
    paint(`gVisor conformance run ${run.id}`, "bold") + `  (${run.startedAt}, host ${run.host.kernel})`,
    "",
    ...renderAnswerTerminal(answerOf(results), { color: options.color, width }),
    "",
    paint("THE MATRIX", "bold"),
    ...(run.k3sTier && run.notes.every((n) => n !== run.k3sTier) ? [run.k3sTier] : []),
    "",
    ...renderTable(model, width, paint),
    "",
    GLYPH_LEGEND.map(([glyph, word]) => `${glyph} ${word}`).join("   "),
    "cells:",
    ...renderCells(model),
    "",
    paint(describeCounts(model.counts), model.counts.unexpected > 0 ? "red" : "bold"),
  ];
  for (const u of model.unexpected) out.push("", ...renderUnexpected(u, paint));
  if (model.errors.length > 0) out.push("", paint("errors:", "yellow"));
  for (const e of model.errors) {
    out.push(`  ! ${e.row.findingId} in ${e.column.cellId}: ${stripControl(e.entry.reason ?? e.entry.summary)}`);
  }
  if (run.notes.length > 0) out.push("", "did not run:", ...run.notes.map((n) => `  - ${n}`));
  return `${out.join("\n")}\n`;
}
