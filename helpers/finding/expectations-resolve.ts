/**
 * Rule resolution: which verdicts a finding is expected to reach in a cell, and which rule said so.
 * Rules are ordered, the first whose `when` matches wins, the default applies when none does.
 */
import type { CellDimensions } from "../env/cell.js";
import type { RuleRef } from "../report/results-schema.js";
import type { ExpectationEntry, When } from "./expectations-schema.js";
import { isVersionFact, runcVersionMatches } from "./runc-version.js";
import type { Verdict } from "./verdict.js";

export interface Resolution {
  /** More than one = the usual outcome plus known intermittent ones. */
  expected: Verdict[];
  rule: RuleRef;
}

/** Why: the single place deciding what a cell should show, so tests and reports agree on it. */
export function resolveExpectation(entry: ExpectationEntry, dims: CellDimensions): Resolution {
  const index = entry.rules.findIndex((rule) => whenMatches(rule.when, dims));
  const rule = entry.rules[index];
  if (!rule) return { expected: [entry.default], rule: { index: null } };
  const expected = Array.isArray(rule.expect) ? [...rule.expect] : [rule.expect];
  return { expected, rule: { index, when: flattenWhen(rule.when), because: rule.because } };
}

/**
 * Why: all keys must match, a list matches any of its values; an observed fact matches like a dimension, but
 * a version (`runcVersion`, `kernelVersion`) is an exact version or a comparison (`>=1.2`). A key the dims lack
 * (an old run's) never matches.
 */
export function whenMatches(when: When, dims: CellDimensions): boolean {
  return Object.entries(when).every(([key, want]) => {
    const have = (dims as Partial<CellDimensions>)[key as keyof CellDimensions];
    const matches = (w: string): boolean => (isVersionFact(key) ? runcVersionMatches(w, have) : w === have);
    return Array.isArray(want) ? want.some(matches) : want !== undefined && matches(want);
  });
}

/** RuleRef.when holds strings: a list value is shown as `a | b`. */
export function flattenWhen(when: When): Record<string, string> {
  return Object.fromEntries(Object.entries(when).map(([key, v]) => [key, Array.isArray(v) ? v.join(" | ") : v]));
}
