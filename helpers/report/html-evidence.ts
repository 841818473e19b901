/** The evidence behind one matrix entry as HTML: facts, expectation rule, trial counts, each evidence item. */
import type { EvidenceItem, TrialStats } from "../finding/evidence.js";
import { describeExpected, describeRule, entryWord } from "./entry-labels.js";
import { esc, escTruncated } from "./html-escape.js";
import type { MatrixEntry } from "./matrix-model.js";
import { summarize } from "./stats.js";
import { svgCountBars, svgSortedValues } from "./svg-charts.js";
import { formatDuration, formatNumber, shellQuote } from "./text-format.js";

const MAX_LISTING_ROWS = 200;
const COUNT_COLORS: Record<string, string> = { holds: "#2e7d32", "does-not-hold": "#c62828", blocked: "#5d4037" };

function pre(label: string, text: string, cls = ""): string {
  if (text === "") return `<p class="meta">${esc(label)}: <i>(empty)</i></p>`;
  const { html, note } = escTruncated(text);
  return `<div class="out"><span class="out-label">${esc(label)}</span><pre class="${cls}">${html}</pre>${note}</div>`;
}

function execHtml(item: Extract<EvidenceItem, { kind: "exec" }>): string {
  const { argv, exitCode, stdout, stderr, durationMs } = item.exec;
  const exitCls = exitCode === 0 ? "ok" : "bad";
  return (
    `<pre class="cmd">$ ${esc(shellQuote(argv))}</pre>` +
    `<p class="meta">exit <b class="exit ${exitCls}">${esc(exitCode)}</b> · ${esc(formatDuration(durationMs))}</p>` +
    pre("stdout", stdout) +
    pre("stderr", stderr, "stderr")
  );
}

function listingHtml(item: Extract<EvidenceItem, { kind: "listing" }>): string {
  const { path, entries, fsType, mountinfo } = item.listing;
  const shown = entries.slice(0, MAX_LISTING_ROWS);
  const rows = shown.map((e) => `<tr><td><code>${esc(e.name)}</code></td><td>${esc(e.type)}</td></tr>`).join("");
  const more =
    entries.length > shown.length
      ? `<p class="trunc">${entries.length - shown.length} more entries not shown</p>`
      : "";
  return (
    `<p class="meta"><code>${esc(path)}</code> · filesystem <b>${esc(fsType.name)}</b> (<code>${esc(fsType.magic)}</code>) · ${entries.length} entries</p>` +
    pre("mountinfo", mountinfo) +
    `<table class="entries"><thead><tr><th>name</th><th>type</th></tr></thead><tbody>${rows}</tbody></table>${more}`
  );
}

function metricHtml(item: Extract<EvidenceItem, { kind: "metric" }>): string {
  const { name, unit, values } = item.metric;
  const s = summarize(values);
  const f = (v: number | undefined): string => (v === undefined ? "-" : esc(formatNumber(v)));
  const table =
    `<table class="kv metric"><tr><th>name</th><th>unit</th><th>n</th><th>min</th><th>p50</th><th>p99</th><th>max</th><th>mean</th></tr>` +
    `<tr><td>${esc(name)}</td><td>${esc(unit)}</td><td>${s?.n ?? 0}</td><td>${f(s?.min)}</td><td>${f(s?.p50)}</td><td>${f(s?.p99)}</td><td>${f(s?.max)}</td><td>${f(s?.mean)}</td></tr></table>`;
  return table + svgSortedValues(values, unit, `${name}: sorted values (${unit})`);
}

/** One evidence item, rendered by kind; all text escaped, long output truncated with a note. */
export function renderEvidenceItem(item: EvidenceItem): string {
  let body: string;
  if (item.kind === "exec") body = execHtml(item);
  else if (item.kind === "listing") body = listingHtml(item);
  else if (item.kind === "metric") body = metricHtml(item);
  else if (item.kind === "text") body = pre("text", item.text);
  else body = pre("json", JSON.stringify(item.json, null, 2) ?? "undefined");
  return `<section class="ev ev-${esc(item.kind)}"><h5>${esc(item.label)} <span class="kind">${esc(item.kind)}</span></h5>${body}</section>`;
}

/** An entry's repro: the command that writes it, or why there is none (helpers/repro/request.ts). */
export type EntryRepro = { command: string } | { none: string };

function reproFact(repro: EntryRepro | null): string {
  if (repro === null) return "";
  const value =
    "command" in repro ? `<code class="repro">${esc(repro.command)}</code>` : `<i>${esc(repro.none)}</i>`;
  return `<dt>repro</dt><dd>${value}</dd>`;
}

/** Trial counts as a bar chart plus the numbers. */
export function renderStats(stats: TrialStats): string {
  const bars = Object.entries(stats.counts).map(([label, value]) => ({
    label,
    value,
    color: COUNT_COLORS[label] ?? "#4c78a8",
  }));
  return `<div class="stats"><p class="meta">${stats.trials} trials</p>${svgCountBars(bars, `counts out of ${stats.trials} trials`)}</div>`;
}

/**
 * Everything known about one entry: verdict vs expectation, the rule and its reason, the command that writes
 * its standalone repro (or why it has none), then the evidence.
 */
export function renderEntryDetail(entry: MatrixEntry, repro: EntryRepro | null = null): string {
  const r = entry.result;
  const facts: [string, string][] = [
    ["outcome", entry.outcome],
    ["observed", entryWord(entry)],
    ["expected", describeExpected(entry.expected)],
    ["rule", describeRule(entry.rule)],
    ["summary", entry.summary],
  ];
  if (entry.reason !== null) facts.push(["reason", entry.reason]);
  facts.push(["duration", formatDuration(r.durationMs)]);
  const dl = facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("") + reproFact(repro);
  const stats = entry.stats ? renderStats(entry.stats) : "";
  const evidence =
    r.evidence.length > 0
      ? r.evidence.map(renderEvidenceItem).join("")
      : `<p class="meta"><i>no evidence recorded</i></p>`;
  return `<dl class="facts">${dl}</dl>${stats}${evidence}`;
}
