/**
 * The verdict of a statistical finding over error classes: it holds when at least `threshold` of the trials
 * ended in the claimed class(es). Shared by the runc, faker, containerd and k3s findings.
 */
import type { ProbeResult } from "./probe.js";

export const DEFAULT_SHARE = 0.9;

export function judgeClassShare(
  counts: Readonly<Record<string, number>>,
  claimed: readonly string[],
  threshold: number = DEFAULT_SHARE,
): ProbeResult {
  const trials = Object.values(counts).reduce((a, b) => a + b, 0);
  const stats = { trials, counts: { ...counts } };
  if (trials === 0) return { verdict: "blocked", summary: "no trial ran", stats };
  const hits = claimed.reduce((sum, c) => sum + (counts[c] ?? 0), 0);
  const list = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(", ");
  const share = `${hits}/${trials} ${claimed.join(" or ")} (needs ${Math.round(threshold * 100)}%)`;
  return {
    verdict: hits / trials >= threshold ? "holds" : "does-not-hold",
    summary: `${share}; all: ${list}`,
    stats,
  };
}
