/** What a probe concludes about a finding in one cell: a closed set. */
export const VERDICTS = ["holds", "does-not-hold", "blocked"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How a test ended relative to the expectation: separate from the verdict. */
export const OUTCOMES = ["as-expected", "unexpected", "error", "skipped"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === "string" && (VERDICTS as readonly string[]).includes(value);
}
