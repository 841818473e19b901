/** What a probe concludes about a finding in one cell: a closed set. */
export const VERDICTS = ["holds", "does-not-hold", "blocked"] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * How a test ended relative to the expectation: separate from the verdict. `skipped`: it applies and could have
 * run, and did not (a tier not available, a filter); `not-applicable`: the finding does not apply to the cell by
 * design (no test was generated).
 */
export const OUTCOMES = ["as-expected", "unexpected", "error", "skipped", "not-applicable"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === "string" && (VERDICTS as readonly string[]).includes(value);
}

/** Whether a finding was measured in the cell (not skipped, and applies there). */
export function wasMeasured(outcome: Outcome): boolean {
  return outcome !== "skipped" && outcome !== "not-applicable";
}
