/**
 * The evidence a repro prints: each item the probe recorded, in order, as plain text a bug report can quote.
 * Long output is cut in the middle (its start and its end are what usually decide).
 */
import type { EvidenceItem, TrialStats } from "../finding/evidence.js";
import type { ProbeResult } from "../finding/probe.js";
import { shellQuote } from "../k3s/shell-quote.js";

const MAX_LINES = 30;
const MAX_CHARS = 3_000;

/** Keeps the first and last lines (and characters) of a long text, saying how much was left out. */
export function trimMiddle(text: string, maxLines = MAX_LINES, maxChars = MAX_CHARS): string {
  let lines = text.replace(/\n+$/, "").split("\n");
  if (lines.length > maxLines) {
    const head = Math.ceil(maxLines / 2);
    const tail = maxLines - head;
    lines = [
      ...lines.slice(0, head),
      `[... ${lines.length - maxLines} lines left out ...]`,
      ...lines.slice(-tail),
    ];
  }
  const joined = lines.join("\n");
  if (joined.length <= maxChars) return joined;
  const half = Math.floor(maxChars / 2);
  return `${joined.slice(0, half)}\n[... ${joined.length - maxChars} characters left out ...]\n${joined.slice(-half)}`;
}

const indent = (text: string): string =>
  text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");

function body(item: EvidenceItem): string[] {
  switch (item.kind) {
    case "exec": {
      const e = item.exec;
      const lines = [`  $ ${shellQuote(e.argv)}`, `  exit ${e.exitCode} after ${e.durationMs} ms`];
      if (e.stdout.trim()) lines.push("  stdout:", indent(trimMiddle(e.stdout)));
      if (e.stderr.trim()) lines.push("  stderr:", indent(trimMiddle(e.stderr)));
      return lines;
    }
    case "text":
      return [indent(trimMiddle(item.text))];
    case "json":
      return [indent(trimMiddle(JSON.stringify(item.json, null, 1)))];
    case "listing": {
      const l = item.listing;
      const entries = l.entries.map((e) => `${e.name} (${e.type})`).join(", ");
      return [indent(trimMiddle(`${l.path} on ${l.fsType.name} (${l.fsType.magic})\n${l.mountinfo}\n${entries}`))];
    }
    case "metric": {
      const v = [...item.metric.values].sort((a, b) => a - b);
      const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
      const range = v.length === 0 ? "no values" : `min ${v[0]}, median ${at(0.5)}, max ${v.at(-1)}`;
      return [`    ${item.metric.name}: ${v.length} value(s), ${range} (${item.metric.unit})`];
    }
  }
}

export function renderEvidence(items: readonly EvidenceItem[]): string {
  return items.map((item, i) => [`── ${i + 1}. ${item.label}`, ...body(item)].join("\n")).join("\n");
}

function renderStats(stats: TrialStats): string {
  const counts = Object.entries(stats.counts)
    .map(([c, n]) => `${c} ${n}`)
    .join(", ");
  return `trials: ${stats.trials} (${counts})`;
}

/** The end of a repro's output: the summary, the counts of a statistical finding, and the verdict line last. */
export function renderVerdict(result: ProbeResult): string {
  return [
    `summary: ${result.summary}`,
    ...(result.stats ? [renderStats(result.stats)] : []),
    `VERDICT: ${result.verdict}`,
  ].join("\n");
}
