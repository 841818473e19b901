/** Id patterns of `--cells` and `--findings`: comma-separated, `*` is the only wildcard. */

export function patternList(filter: string): string[] {
  return filter
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
}

export function patternRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`);
}

/** Whether an id matches any pattern of the filter. */
export function matchesAny(id: string, filter: string): boolean {
  return patternList(filter).some((p) => patternRegExp(p).test(id));
}

/** The patterns of the filter that match none of the ids (a typo, or a cell/finding that does not exist). */
export function unmatchedPatterns(filter: string, ids: readonly string[]): string[] {
  return patternList(filter).filter((p) => !ids.some((id) => patternRegExp(p).test(id)));
}

/** `--findings`: the one-line refusal when a pattern matches no finding, or null. */
export function findingsFilterProblem(filter: string | undefined, findingIds: readonly string[]): string | null {
  if (filter === undefined || filter.trim() === "") return null;
  const bad = unmatchedPatterns(filter, findingIds);
  if (bad.length === 0) return null;
  return `--findings ${bad.join(",")} matches no finding; finding ids: ${findingIds.join(", ")}`;
}
