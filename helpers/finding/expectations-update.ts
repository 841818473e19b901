/**
 * Rewrites an expectations file from observed verdicts: every unexpected verdict becomes a new rule at the
 * top of its finding's rules, with a placeholder reason a reviewer must replace. The output layout is
 * canonical (and prettier-stable), so `git diff` of the file is the review.
 */
import type { CellDimensions } from "../env/cell.js";
import { ExpectationsError, parseExpectationsText } from "./expectations-load.js";
import { resolveExpectation } from "./expectations-resolve.js";
import {
  DIMENSION_KEYS,
  FACT_KEYS,
  type ExpectationRule,
  type ExpectationsFile,
  type When,
} from "./expectations-schema.js";
import type { Finding } from "./finding.js";
import { VERDICTS, type Verdict } from "./verdict.js";

export interface Observation {
  findingId: string;
  dims: CellDimensions;
  verdict: Verdict;
  runId: string;
}

export interface ExpectationChange {
  findingId: string;
  cellDims: CellDimensions;
  was: Verdict[];
  now: Verdict;
}

export interface UpdateResult {
  text: string;
  changed: ExpectationChange[];
  /** Unexpected verdicts of findings that declare no dimensions: no rule can hold them, fix them by hand. */
  unplaceable: ExpectationChange[];
}

/** New rule under construction: every verdict seen for one finding and one `when`. */
interface Group {
  findingId: string;
  when: When;
  seen: Set<Verdict>;
  /** Run of the first unexpected verdict; null while all verdicts were expected. */
  runId: string | null;
}

/** Why: turns a run's surprises into rules a reviewer only has to explain, never to hand-write. */
export function updateExpectations(
  fileText: string,
  observations: readonly Observation[],
  findings: readonly Finding[],
  file = "expectations file",
): UpdateResult {
  const parsed = parseExpectationsText(fileText, file, findings);
  if (!parsed.file) throw new ExpectationsError(parsed.problems);
  const doc = parsed.file;
  const { groups, changed, unplaceable } = compare(doc, observations, findings);
  const fresh = groups.filter((g) => g.runId !== null);
  for (const g of [...fresh].reverse()) doc.findings[g.findingId]?.rules.unshift(newRule(g));
  return { text: fresh.length > 0 ? formatExpectations(doc) : fileText, changed, unplaceable };
}

/** Resolves each observation of a finding in `doc`, grouping them by the `when` a new rule would have. */
function compare(doc: ExpectationsFile, observations: readonly Observation[], findings: readonly Finding[]) {
  const declared = new Map(findings.map((f) => [f.id, f.dimensions]));
  const groups = new Map<string, Group>();
  const changed = new Map<string, ExpectationChange>();
  const unplaceable = new Map<string, ExpectationChange>();
  for (const { findingId, dims, verdict, runId } of observations) {
    const entry = doc.findings[findingId];
    const dimensions = declared.get(findingId);
    if (!entry || !dimensions) continue;
    const when = pickWhen(dims, dimensions);
    const key = JSON.stringify([findingId, when]);
    const group = groups.get(key) ?? { findingId, when, seen: new Set<Verdict>(), runId: null };
    groups.set(key, group);
    group.seen.add(verdict);
    const was = resolveExpectation(entry, dims).expected;
    if (was.includes(verdict)) continue;
    const placeable = dimensions.length > 0;
    (placeable ? changed : unplaceable).set(JSON.stringify([findingId, dims, verdict]), {
      findingId,
      cellDims: dims,
      was,
      now: verdict,
    });
    if (placeable) group.runId ??= runId;
  }
  return { groups: [...groups.values()], changed: [...changed.values()], unplaceable: [...unplaceable.values()] };
}

/** New rules key on the finding's declared dimensions only: a fact in a rule is a person's reasoned choice. */
function pickWhen(dims: CellDimensions, declared: readonly (keyof CellDimensions)[]): When {
  return Object.fromEntries(DIMENSION_KEYS.filter((k) => declared.includes(k)).map((k) => [k, dims[k]]));
}

function newRule(g: Group): ExpectationRule {
  const seen = VERDICTS.filter((v) => g.seen.has(v));
  const expect = seen.length === 1 && seen[0] ? seen[0] : seen;
  return { when: g.when, expect, because: `observed in run ${g.runId}: replace with the reason` };
}

const WIDTH = 115;

/** Why: one canonical layout (prettier-stable at printWidth 115), so a diff shows only real changes. */
export function formatExpectations(doc: ExpectationsFile): string {
  const findings = Object.fromEntries(
    Object.entries(doc.findings).map(([id, e]) => [id, { rules: e.rules.map(canonicalRule), default: e.default }]),
  );
  return `${render({ schemaVersion: doc.schemaVersion, findings }, "", 0, 0, false)}\n`;
}

/** A rule's keys in file order: the dimensions, then the observed facts. */
function canonicalRule(rule: ExpectationRule): ExpectationRule {
  const keys = [...DIMENSION_KEYS, ...FACT_KEYS].filter((k) => k in rule.when);
  const when = Object.fromEntries(keys.map((k) => [k, rule.when[k]]));
  return { when, expect: rule.expect, because: rule.because };
}

/** Prettier's JSON layout: a group stays on one line when it fits, else one member per line. */
function render(v: unknown, indent: string, col: number, trail: number, inWhen: boolean): string {
  if (typeof v !== "object" || v === null) return JSON.stringify(v);
  const entries: [string | null, unknown][] = Array.isArray(v) ? v.map((x) => [null, x]) : Object.entries(v);
  const scalars = entries.every(([, x]) => typeof x !== "object" || x === null);
  const oneLine = flat(v);
  if ((inWhen || (Array.isArray(v) && scalars)) && col + oneLine.length + trail <= WIDTH) return oneLine;
  if (entries.length === 0) return oneLine;
  const inner = `${indent}  `;
  const lines = entries.map(([k, x], n) => {
    const head = k === null ? "" : `${JSON.stringify(k)}: `;
    const comma = n < entries.length - 1 ? "," : "";
    return `${inner}${head}${render(x, inner, inner.length + head.length, comma.length, inWhen || k === "when")}${comma}`;
  });
  return Array.isArray(v) ? `[\n${lines.join("\n")}\n${indent}]` : `{\n${lines.join("\n")}\n${indent}}`;
}

function flat(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flat).join(", ")}]`;
  if (typeof v !== "object" || v === null) return JSON.stringify(v);
  const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${flat(x)}`);
  return members.length > 0 ? `{ ${members.join(", ")} }` : "{}";
}

/** Why: the CLI prints what an update changed as a familiar unified diff (3 lines of context). */
export function unifiedDiff(oldText: string, newText: string, label: string, context = 3): string {
  if (oldText === newText) return "";
  const ops = diffLines(lines(oldText), lines(newText));
  const out = [`--- a/${label}`, `+++ b/${label}`];
  for (const [from, to] of hunkRanges(ops, context)) {
    const hunk = ops.slice(from, to);
    const a = hunk.filter((op) => op.kind !== "+").length;
    const b = hunk.filter((op) => op.kind !== "-").length;
    const start = (n: number, len: number): string => (len === 1 ? `${n + 1}` : `${len === 0 ? n : n + 1},${len}`);
    out.push(`@@ -${start(hunk[0]?.a ?? 0, a)} +${start(hunk[0]?.b ?? 0, b)} @@`);
    out.push(...hunk.map((op) => `${op.kind}${op.line}`));
  }
  return `${out.join("\n")}\n`;
}

/** One diff line; `a`/`b` = lines of the old/new text before it. */
interface Op {
  kind: " " | "-" | "+";
  line: string;
  a: number;
  b: number;
}

/** Lines of a text; a last line without newline carries the unified diff marker for it. */
function lines(text: string): string[] {
  const all = text.split("\n");
  if (all.at(-1) === "") all.pop();
  else all.push(`${all.pop()}\n\\ No newline at end of file`);
  return all;
}

/** Line LCS by dynamic programming: fine for files of a few thousand lines. */
function diffLines(a: string[], b: string[]): Op[] {
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: " ", line: a[i]!, a: i++, b: j++ });
    else if (i < a.length && (j === b.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!))
      ops.push({ kind: "-", line: a[i]!, a: i++, b: j });
    else ops.push({ kind: "+", line: b[j]!, a: i, b: j++ });
  }
  return ops;
}

/** [from, to) op ranges around each change, merged when their context overlaps. */
function hunkRanges(ops: Op[], context: number): [number, number][] {
  const ranges: [number, number][] = [];
  ops.forEach((op, n) => {
    if (op.kind === " ") return;
    const from = Math.max(0, n - context);
    const to = Math.min(ops.length, n + context + 1);
    const last = ranges.at(-1);
    if (last && from <= last[1]) last[1] = to;
    else ranges.push([from, to]);
  });
  return ranges;
}
