/**
 * runc versions as a cell fact and in expectation rules: the observed version cut to upstream `x.y.z`, and a
 * rule's value, an exact version or a comparison (`>=1.2`, `<1.1.5`), matched against it part by part.
 */

/** Upstream `x.y.z` (or `x.y`) of a version as the image reports it (`1.1.5+ds1-1+deb12u1`), else `unknown`. */
export function upstreamRuncVersion(text: string): string {
  const m = /(?:^|[^\d.])(\d+\.\d+(?:\.\d+)?)/.exec(` ${text.replace(/^\s*\d+:/, "")}`);
  return m?.[1] ?? "unknown";
}

/** The observed facts that are versions: a rule gives an exact version or a comparison (`>=4.11`). */
export const VERSION_FACTS = ["runcVersion", "kernelVersion", "containerdVersion", "crunVersion"] as const;
export const isVersionFact = (key: string): boolean => (VERSION_FACTS as readonly string[]).includes(key);

export const VERSION_OPERATORS = [">=", "<=", ">", "<", "="] as const;
export type VersionOperator = (typeof VERSION_OPERATORS)[number];

export interface VersionRule {
  op: VersionOperator;
  parts: number[];
}

/** A rule's runcVersion (`1.1.5`, `>=1.2`, `<1.1.5`; no operator means `=`), or null when it is not one. */
export function parseVersionRule(text: string): VersionRule | null {
  const m = /^(>=|<=|>|<|=)?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const parts = [m[2], m[3], m[4]].filter((p): p is string => p !== undefined).map(Number);
  return { op: (m[1] ?? "=") as VersionOperator, parts };
}

/**
 * Why: a rule names the runc it is about with as many parts as matter; the observed version is cut to that many
 * parts, then compared numerically (`1.1` = the 1.1 series, `<1.2` = before 1.2.0, `>1.2` = 1.3 and later, as
 * npm reads partial versions). An observed version that is not `x.y[.z]` (`unknown`) never matches.
 */
export function runcVersionMatches(rule: string, observed: string | undefined): boolean {
  const want = parseVersionRule(rule);
  const have = /^\d+\.\d+(?:\.\d+)?$/.test(observed ?? "") ? (observed ?? "").split(".").map(Number) : null;
  if (!want || !have) return false;
  const cmp = compareParts(
    want.parts.map((_, i) => have[i] ?? 0),
    want.parts,
  );
  switch (want.op) {
    case ">=":
      return cmp >= 0;
    case "<=":
      return cmp <= 0;
    case ">":
      return cmp > 0;
    case "<":
      return cmp < 0;
    case "=":
      return cmp === 0;
  }
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
