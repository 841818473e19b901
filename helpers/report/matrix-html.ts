/**
 * The run as ONE self-contained HTML page: the answer first, then run info, colour-coded matrix, charts, and the
 * evidence behind each entry.
 */
import { answerOf } from "./answer.js";
import { ANSWER_CSS, renderAnswerHtml } from "./answer-html.js";
import {
  describeCounts,
  describeExpected,
  entryGlyph,
  entryWord,
  GLYPH_LEGEND,
  UNEXPECTED_MARK,
} from "./entry-labels.js";
import { renderInventory } from "./html-inventory.js";
import { esc } from "./html-escape.js";
import { renderEntryDetail, type EntryRepro } from "./html-evidence.js";
import { reproCommand, whyNoRepro } from "../repro/request.js";
import { renderMetricCharts } from "./html-metric-charts.js";
import { MATRIX_CSS } from "./html-style.js";
import { buildMatrixModel, describeImage, type MatrixEntry, type MatrixModel } from "./matrix-model.js";
import type { ResultsFile } from "./results-schema.js";
import { formatDuration, wallTimeMs } from "./text-format.js";

/** HTML rendering options. */
export interface HtmlOptions {
  /** Render every evidence block open (for printing and screenshots); by default only unexpected ones are. */
  expandAll?: boolean;
}

const SCRIPT = `function openHash(){var el=document.getElementById(decodeURIComponent(location.hash.slice(1)));if(el&&el.tagName==="DETAILS"){el.open=true;el.scrollIntoView({block:"start"});}}
addEventListener("hashchange",openHash);openHash();
function setAll(o){document.querySelectorAll("details").forEach(function(d){d.open=o;});}`;

const outcomeClass = (entry: MatrixEntry | null): string => `o-${entry?.outcome ?? "not-run"}`;

function header(model: MatrixModel, answer: string): string {
  const { run, counts } = model;
  const wall = wallTimeMs(run.startedAt, run.finishedAt);
  const info: [string, string][] = [
    ["started", run.startedAt],
    ["finished", `${run.finishedAt} (${wall === null ? "?" : formatDuration(wall)})`],
    ["host kernel", run.host.kernel],
    ["engine", run.host.engineVersion],
    ["node", run.host.node],
    ["harness", run.harnessVersion],
    ...(run.k3sTier && !run.notes.includes(run.k3sTier)
      ? [["k3s tier", run.k3sTier.replace(/^k3s tier: /, "")] as [string, string]]
      : []),
  ];
  const badges = (["as-expected", "unexpected", "error", "skipped", "not-applicable", "not-run"] as const)
    .filter((o) => (o !== "not-run" && o !== "not-applicable") || counts[o] > 0)
    .map((o) => `<span class="o-${o}">${counts[o]} ${o.replace("-", " ")}</span>`);
  return (
    `<header><h1>gVisor conformance · run <code>${esc(run.id)}</code></h1>${answer}` +
    `<dl class="runinfo">${info.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>` +
    `<p class="counts" title="${esc(describeCounts(counts))}">${badges.join("")}</p></header>`
  );
}

function cellsTable(model: MatrixModel): string {
  const head = ["#", "cell", "runtime", "runsc version", "platform", "image", "runc", "containerd", "wall time"];
  const rows = model.columns.map((c) => {
    const cell = c.cell;
    const obs = cell?.observation;
    const cols = [
      cell?.dockerRuntime ?? "not described",
      cell?.blocked ? `blocked: ${cell.blocked}` : (obs?.runscVersion ?? "-"),
      obs?.platform ?? "-",
      cell ? describeImage(cell) : "-",
      obs?.runcVersion ?? "-",
      obs?.containerdVersion ?? "-",
      cell?.wallMs === undefined ? "-" : formatDuration(cell.wallMs),
    ];
    return `<tr><td><b>${c.number}</b></td><td><code>${esc(c.cellId)}</code></td>${cols.map((v) => `<td>${esc(v)}</td>`).join("")}</tr>`;
  });
  return `<h2 id="cells">Cells</h2><table class="cells"><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function entryCell(entry: MatrixEntry | null, i: number, j: number, cellId: string): string {
  const glyph = `<span class="g">${esc(entryGlyph(entry))}</span><span class="w">${esc(entryWord(entry))}</span>`;
  if (entry === null) return `<td class="entry o-not-run" title="${esc(`${cellId}: not run`)}">${glyph}</td>`;
  const x =
    entry.outcome === "unexpected"
      ? `<span class="x">${UNEXPECTED_MARK} expected ${esc(describeExpected(entry.expected))}</span>`
      : "";
  const title = `${cellId}: ${entry.outcome} — ${entry.summary}`;
  return `<td class="entry ${outcomeClass(entry)}"><a href="#e-${i}-${j}" title="${esc(title)}">${glyph}${x}</a></td>`;
}

function matrixTable(model: MatrixModel): string {
  const legend = GLYPH_LEGEND.map(([g, w]) => `<span><b class="mono">${esc(g)}</b> ${esc(w)}</span>`).join("");
  const colours = (["as-expected", "unexpected", "error", "skipped", "not-applicable", "not-run"] as const)
    .map((o) => `<span><span class="sw o-${o}">&nbsp;</span> ${o.replace("-", " ")}</span>`)
    .join("");
  const head = model.columns
    .map(
      (c) =>
        `<th title="${esc(c.cellId)}"><span class="num">${c.number}</span><span class="lbl">${esc(c.label)}</span></th>`,
    )
    .join("");
  const body = model.rows.map((row, i) => {
    const cells = model.columns.map((c, j) => entryCell(model.entries[i]?.[j] ?? null, i, j, c.cellId)).join("");
    return `<tr><td class="finding"><a href="#f-${i}">${esc(row.findingId)}</a><span class="claim">${esc(row.claim)}</span></td>${cells}</tr>`;
  });
  return (
    `<h2 id="matrix">Matrix</h2><div class="legend"><b>glyph = verdict:</b>${legend}</div>` +
    `<div class="legend"><b>colour = outcome:</b>${colours}<span>— click an entry for its evidence</span></div>` +
    `<table class="matrix"><thead><tr><th class="finding">finding</th>${head}</tr></thead><tbody>${body.join("")}</tbody></table>`
  );
}

function entryRepro(
  model: MatrixModel,
  entry: MatrixEntry,
  cell: MatrixModel["columns"][number]["cell"],
): EntryRepro {
  const none = whyNoRepro(entry.result, cell ?? undefined);
  return none === null
    ? { command: reproCommand(model.run.id, entry.result.findingId, entry.result.cellId) }
    : { none };
}

function evidenceSection(model: MatrixModel, expandAll: boolean): string {
  const articles = model.rows.map((row, i) => {
    const details = model.columns.flatMap((c, j) => {
      const entry = model.entries[i]?.[j] ?? null;
      if (entry === null) return [];
      const open = expandAll || entry.outcome === "unexpected" ? " open" : "";
      const tag = `<span class="tag ${outcomeClass(entry)}">${esc(entryGlyph(entry))} ${esc(entryWord(entry))}${entry.outcome === "unexpected" ? ` ${UNEXPECTED_MARK}` : ""}</span>`;
      return [
        `<details id="e-${i}-${j}"${open}><summary>${tag} <b>${c.number}</b> <code>${esc(c.cellId)}</code> — ${esc(entry.summary)}</summary><div class="body">${renderEntryDetail(entry, entryRepro(model, entry, c.cell))}<p class="meta"><a href="#matrix">back to the matrix</a></p></div></details>`,
      ];
    });
    const src = `experiment ${row.source.experiment} · ${row.source.section}`;
    return `<article class="finding" id="f-${i}"><h3><code>${esc(row.findingId)}</code></h3><p class="claim">${esc(row.claim)}</p><p class="src">${esc(src)}</p>${details.join("")}</article>`;
  });
  const toolbar = `<p class="toolbar"><button type="button" onclick="setAll(true)">expand all</button><button type="button" onclick="setAll(false)">collapse all</button></p>`;
  return `<h2 id="evidence">Evidence</h2>${toolbar}${articles.join("")}`;
}

/** Renders the whole run as one HTML document (inline CSS and a few lines of vanilla JS; every text escaped). */
export function renderMatrixHtml(results: ResultsFile, options: HtmlOptions = {}): string {
  const model = buildMatrixModel(results);
  const notes = model.run.notes.length
    ? `<h2 id="notes">Did not run</h2><ul class="notes">${model.run.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>gVisor conformance · ${esc(model.run.id)}</title><style>${MATRIX_CSS}${ANSWER_CSS}</style></head>
<body>${header(model, renderAnswerHtml(answerOf(results)))}${matrixTable(model)}${cellsTable(model)}${renderInventory(model)}${notes}${renderMetricCharts(model)}${evidenceSection(model, options.expandAll ?? false)}
<script>${SCRIPT}</script></body></html>
`;
}
