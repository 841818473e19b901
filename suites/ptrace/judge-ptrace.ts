/** The decision of ptrace/overhead, pure so that each answer is unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import { summarize } from "../../helpers/report/stats.js";

/** Wall times (ms) of completed runs; `hung` counts runs that exceeded the bound; `failed` other failures. */
export interface RunSeries {
  wallMs: number[];
  hung: number;
  failed: number;
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

/** The hang bound of the multi-threaded traced run, and the bound within which the single-threaded one must finish. */
export interface PtraceBounds {
  hangMs: number;
  worksMs: number;
}

export function judgePtrace(m: PtraceMeasurements, bounds: PtraceBounds): ProbeResult {
  const counts = { "multi traced hung": m.multi.traced.hung, "multi traced done": m.multi.traced.wallMs.length };
  const stats = { trials: m.multi.traced.hung + m.multi.traced.wallMs.length + m.multi.traced.failed, counts };
  if (m.single.traced.wallMs.length === 0) {
    const why = m.single.traced.hung > 0 ? `did not finish in ${bounds.worksMs / 1000} s` : "strace failed";
    return {
      verdict: "blocked",
      summary: `ptrace interception does not work: single-threaded traced run ${why}`,
      stats,
    };
  }
  const r1 = ratio(m.single.plain, m.single.traced);
  const rN = ratio(m.multi.plain, m.multi.traced);
  const fmt = (r: number | null): string => (r === null ? "n/a" : `${r.toFixed(1)}x`);
  const hangs = m.multi.traced.hung > 0;
  return {
    verdict: hangs ? "holds" : "does-not-hold",
    summary: `traced/plain: single ${fmt(r1)}, multi ${fmt(rN)}; multi-threaded traced ${hangs ? `hung (> ${bounds.hangMs / 1000} s)` : "completed"}`,
    stats,
  };
}
