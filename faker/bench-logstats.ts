/** Benchmark driver, logstats: what a faker's own JSON log says (events by kind and source, its own timings). */
import { readFileSync } from "node:fs";

/** Counts and timings read back from a faker's stdout log. */
export interface LogStats {
  kind: "logstats";
  events: Record<string, number>;
  filledVia: Record<string, number>;
  clocks: Record<string, number>;
  /** The faker's own view of inotify-detected directories: µs from ctime (clock "ctime" only). */
  detectedUs: number[];
  doneUs: number[];
  /** The faker's own detection-to-done time (its clock only), every filled directory found by inotify. */
  fillUs: number[];
  rescans: { trigger: string; found: number; ms: number }[];
  errors: string[];
  exited: boolean;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function logStats(file: string): LogStats {
  const stats: LogStats = {
    kind: "logstats",
    events: {},
    filledVia: {},
    clocks: {},
    detectedUs: [],
    doneUs: [],
    fillUs: [],
    rescans: [],
    errors: [],
    exited: false,
  };
  for (const text of readFileSync(file, "utf8").split("\n")) {
    if (!text.startsWith("{")) continue;
    const e = JSON.parse(text) as Record<string, unknown>;
    bump(stats.events, String(e.event));
    if (e.event === "filled") {
      bump(stats.filledVia, String(e.via));
      bump(stats.clocks, String(e.clock));
      if (e.via === "inotify") stats.fillUs.push(Number(e.fillUs));
      if (e.via === "inotify" && e.clock === "ctime") {
        stats.detectedUs.push(Number(e.detectedUs));
        stats.doneUs.push(Number(e.doneUs));
      }
    } else if (e.event === "rescan")
      stats.rescans.push({ trigger: String(e.trigger), found: Number(e.found), ms: Number(e.ms) });
    else if (e.event === "error" && stats.errors.length < 5) stats.errors.push(text);
    else if (e.event === "exit") stats.exited = true;
  }
  return stats;
}
