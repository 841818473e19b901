/** The decision of inotify/realtime-create, pure so that each answer is unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import { summarize } from "../../helpers/report/stats.js";

export interface LatencySeries {
  dir: string;
  count: number;
  latenciesMs: number[];
  missed: number;
  mkdirErrors: string[];
}

export function judgeRealtime(onCgroup: LatencySeries, boundMs: number): ProbeResult {
  const made = onCgroup.count - onCgroup.mkdirErrors.length;
  if (made <= 0) return { verdict: "blocked", summary: `no directory could be made in ${onCgroup.dir}` };
  const s = summarize(onCgroup.latenciesMs);
  const stats = { trials: onCgroup.count, counts: { seen: onCgroup.latenciesMs.length, missed: onCgroup.missed } };
  const figures = s
    ? `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`
    : "no events";
  const holds = onCgroup.missed === 0 && s !== null && s.max < boundMs;
  return {
    verdict: holds ? "holds" : "does-not-hold",
    summary: `${onCgroup.latenciesMs.length}/${onCgroup.count} seen in ${onCgroup.dir}: ${figures} (bound ${boundMs} ms)`,
    stats,
  };
}
