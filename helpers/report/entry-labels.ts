/** The words and glyphs an outcome or verdict is shown with, shared by every matrix renderer. */
import { isFactKey } from "../finding/expectations-schema.js";
import { isVersionFact } from "../finding/runc-version.js";
import type { Outcome, Verdict } from "../finding/verdict.js";
import type { RuleRef } from "./results-schema.js";

/** What a matrix entry is reduced to for labelling. */
export interface LabelledEntry {
  outcome: Outcome;
  verdict: Verdict | null;
}

/** One glyph per verdict, readable without colour. */
export const VERDICT_GLYPHS: Record<Verdict, string> = { holds: "✓", "does-not-hold": "✗", blocked: "■" };
/** Marks an outcome the expectation did not predict. */
export const UNEXPECTED_MARK = "≠";
/** Marks a finding that has no result in a cell. */
export const NOT_RUN_GLYPH = "·";
/** A finding that does not apply to the cell (no test was generated): left blank. */
export const NOT_APPLICABLE_GLYPH = " ";

/** One glyph for an entry: the verdict's, or `-` skipped, `!` error, `·` not run, blank where it does not apply. */
export function entryGlyph(entry: LabelledEntry | null): string {
  if (entry === null) return NOT_RUN_GLYPH;
  if (entry.outcome === "not-applicable") return NOT_APPLICABLE_GLYPH;
  if (entry.outcome === "skipped") return "-";
  if (entry.outcome === "error") return "!";
  return entry.verdict === null ? "?" : VERDICT_GLYPHS[entry.verdict];
}

/** One word for an entry: the verdict, or `skip`, `error`, `not run`, `n/a`. */
export function entryWord(entry: LabelledEntry | null): string {
  if (entry === null) return "not run";
  if (entry.outcome === "not-applicable") return "n/a";
  if (entry.outcome === "skipped") return "skip";
  if (entry.outcome === "error") return "error";
  return entry.verdict ?? "no verdict";
}

/** The legend of glyphs, one `glyph word` pair each. */
export const GLYPH_LEGEND: readonly (readonly [string, string])[] = [
  ["✓", "holds"],
  ["✗", "does-not-hold"],
  ["■", "blocked"],
  ["-", "skipped"],
  ["!", "error"],
  [NOT_RUN_GLYPH, "not run"],
  ["blank", "does not apply (n/a)"],
  [UNEXPECTED_MARK, "unexpected"],
];

/** Expected verdicts as a phrase; several verdicts mean a known intermittent finding. */
export function describeExpected(expected: readonly Verdict[]): string {
  if (expected.length === 0) return "(no expectation)";
  if (expected.length === 1) return expected[0] as string;
  return `${expected.join(" | ")} (intermittent)`;
}

/**
 * Which expectation rule applied, and why: `default: ...` or `rules[1]: when {runtime: runc} because ...`; an
 * observed fact reads as a condition on what the cell measured: `openat2=enosys`, `runcVersion>=1.2`.
 */
export function describeRule(rule: RuleRef | null): string {
  if (rule === null) return "no rule matched";
  if (rule.index === null) return "default: the claim as the log states it";
  const when = rule.when
    ? ` when {${Object.entries(rule.when)
        .map(([k, v]) => (isFactKey(k) ? describeFact(k, v) : `${k}: ${v}`))
        .join(", ")}}`
    : "";
  const because = rule.because ? ` because ${rule.because}` : "";
  return `rules[${rule.index}]:${when}${because}`;
}

/** `openat2=enosys | unknown`; runcVersion keeps each value's comparison: `runcVersion>=1.2 | =1.1.5`. */
function describeFact(key: string, value: string): string {
  if (!isVersionFact(key)) return `${key}=${value}`;
  return `${key}${value
    .split(" | ")
    .map((v) => (/^[<>=]/.test(v) ? v : `=${v}`))
    .join(" | ")}`;
}

/** Outcome counts of a whole run, in the order people read them. */
export interface OutcomeCounts {
  "as-expected": number;
  unexpected: number;
  error: number;
  skipped: number;
  "not-applicable": number;
  "not-run": number;
}

/**
 * `12 as expected, 1 unexpected, 0 errors, 3 skipped, 40 do not apply` (plus `, 2 not run` when some are; the
 * last two only when there are some).
 */
export function describeCounts(counts: OutcomeCounts): string {
  const parts = [
    `${counts["as-expected"]} as expected`,
    `${counts.unexpected} unexpected`,
    `${counts.error} ${counts.error === 1 ? "error" : "errors"}`,
    `${counts.skipped} skipped`,
  ];
  if (counts["not-applicable"] > 0)
    parts.push(`${counts["not-applicable"]} ${counts["not-applicable"] === 1 ? "does" : "do"} not apply`);
  if (counts["not-run"] > 0) parts.push(`${counts["not-run"]} not run`);
  return parts.join(", ");
}
