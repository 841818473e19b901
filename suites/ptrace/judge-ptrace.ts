/** The decision of ptrace/overhead, pure so that each answer is unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import { summarize } from "../../helpers/report/stats.js";

/**
 * Completed runs' wall times (ms); `hung` counts runs that did not finish within their bound; `failed` other
 * failures; `progress` the traced multi-threaded run's samples, [ms since start, operations done].
 */
export interface RunSeries {
  wallMs: number[];
  hung: number;
  failed: number;
  progress?: [number, number][][];
}

export interface PtraceMeasurements {
  single: { plain: RunSeries; traced: RunSeries };
  multi: { plain: RunSeries; traced: RunSeries };
}

const median = (s: RunSeries): number | null => summarize(s.wallMs)?.p50 ?? null;

/** traced/plain of the medians, or null when either side has no completed run. */
export function ratio(plain: RunSeries, traced: RunSeries): number | null {
  const p = median(plain);
  const t = median(traced);
  return p && t ? t / p : null;
}

/** The longest stretch (ms) in which no operation completed, over one run's progress samples. */
export function longestStallMs(samples: readonly [number, number][]): number {
  let longest = 0;
  let since = samples[0]?.[0] ?? 0;
  let last = samples[0]?.[1] ?? 0;
  for (const [ms, done] of samples) {
    if (done > last) {
      last = done;
      since = ms;
    }
    longest = Math.max(longest, ms - since);
  }
  return longest;
}

/** A hang is no progress for `stallMs`; the bound within which the single-threaded traced run must finish. */
export interface PtraceBounds {
  stallMs: number;
  worksMs: number;
}

export function judgePtrace(m: PtraceMeasurements, bounds: PtraceBounds): ProbeResult {
  const traced = m.multi.traced;
  const stalls = (traced.progress ?? []).map(longestStallMs);
  const hungRuns = stalls.filter((s) => s >= bounds.stallMs).length;
  const counts = { "multi traced hung": hungRuns, "multi traced done": traced.wallMs.length };
  const stats = { trials: traced.hung + traced.wallMs.length + traced.failed, counts };
  if (m.single.traced.wallMs.length === 0) {
    const why = m.single.traced.hung > 0 ? `did not finish in ${bounds.worksMs / 1000} s` : "strace failed";
    return {
      verdict: "blocked",
      summary: `ptrace interception does not work: single-threaded traced run ${why}`,
      stats,
    };
  }
  if (stalls.length === 0)
    return {
      verdict: "blocked",
      summary: `the traced ${"multi-threaded"} run reported no progress (${traced.failed} failed run(s)): nothing to judge a hang on`,
      stats,
    };
  const r1 = ratio(m.single.plain, m.single.traced);
  const rN = ratio(m.multi.plain, m.multi.traced);
  const fmt = (r: number | null): string => (r === null ? "n/a" : `${r.toFixed(1)}x`);
  const longest = Math.max(...stalls) / 1000;
  const how =
    hungRuns > 0
      ? `hung: no operation completed for ${longest.toFixed(1)} s (a hang is ${bounds.stallMs / 1000} s without progress)`
      : traced.wallMs.length > 0
        ? `completed, progressing throughout (longest stretch without progress ${longest.toFixed(1)} s)`
        : `slow but progressing when it stopped itself (longest stretch without progress ${longest.toFixed(1)} s)`;
  return {
    verdict: hungRuns > 0 ? "holds" : "does-not-hold",
    summary: `traced/plain: single ${fmt(r1)}, multi ${fmt(rN)}; multi-threaded traced ${how}`,
    stats,
  };
}
