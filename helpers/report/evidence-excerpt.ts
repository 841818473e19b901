/** A few plain-text lines that say what a result's evidence shows, for terminal and Markdown summaries. */
import type { EvidenceItem, TrialStats } from "../finding/evidence.js";
import type { FindingResult } from "./results-schema.js";
import { summarize } from "./stats.js";
import { clip, firstLine, formatDuration, formatNumber, shellQuote, stripControl } from "./text-format.js";

const LINE_MAX = 160;

/** `20 trials: holds 3, does-not-hold 17`. */
export function describeStats(stats: TrialStats): string {
  const counts = Object.entries(stats.counts).map(([k, n]) => `${k} ${n}`);
  return `${stats.trials} trials: ${counts.join(", ") || "no counts"}`;
}

/** One evidence item as one to three lines. */
export function describeEvidenceItem(item: EvidenceItem): string[] {
  switch (item.kind) {
    case "exec": {
      const { argv, exitCode, stdout, stderr, durationMs } = item.exec;
      const lines = [`$ ${shellQuote(argv)}  -> exit ${exitCode} (${formatDuration(durationMs)})`];
      const out = firstLine(stdout);
      const err = firstLine(stderr);
      if (out !== "") lines.push(`stdout: ${out}`);
      if (err !== "") lines.push(`stderr: ${err}`);
      return lines;
    }
    case "listing": {
      const { path, entries, fsType } = item.listing;
      const names = entries.map((e) => e.name).join(" ");
      return [`${path} (${fsType.name}, ${entries.length} entries): ${names}`];
    }
    case "metric": {
      const { name, unit, values } = item.metric;
      const s = summarize(values);
      if (s === null) return [`${name} (${unit}): no values`];
      const f = formatNumber;
      return [`${name} (${unit}): n=${s.n} p50=${f(s.p50)} p99=${f(s.p99)} max=${f(s.max)}`];
    }
    case "text":
      return [`${item.label}: ${firstLine(item.text)}`];
    case "json":
      return [`${item.label}: ${JSON.stringify(item.json) ?? "undefined"}`];
  }
}

/** Up to `maxLines` lines: trial counts first, then the evidence items in order (each line clipped). */
export function evidenceExcerpt(result: FindingResult, maxLines = 4): string[] {
  const lines: string[] = [];
  if (result.stats) lines.push(describeStats(result.stats));
  for (const item of result.evidence) {
    if (lines.length >= maxLines) break;
    lines.push(...describeEvidenceItem(item));
  }
  if (lines.length === 0) lines.push("(no evidence recorded)");
  return lines.slice(0, maxLines).map((line) => clip(stripControl(line), LINE_MAX));
}
