/** Summaries, the printed tables and the verdict against the targets of the faker benchmark. */
import { percentile, summarize, type SeriesSummary } from "../report/stats.js";
import type { CellResult, LatencyRun } from "./run-cell.js";

/** The targets: TS faker p99 <= 1/3 of the bash faker's, and within 3x of the floor, in each gVisor cell. */
export interface TargetCheck {
  cell: string;
  tsP99: number | null;
  bashP99: number | null;
  floorP99: number | null;
  /** What explains a miss of the floor target: one file by a bare watcher, and creating the files alone. */
  floorTouchP99: number | null;
  fillCostP99: number | null;
  vsBash: { ratio: number | null; met: boolean | null };
  vsFloor: { ratio: number | null; met: boolean | null };
  stormMissed: number | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function summaryOf(run: LatencyRun): SeriesSummary | null {
  return run.latUs ? summarize(run.latUs) : null;
}

function p99(cell: CellResult, target: string): number | null {
  const run = cell.latency.find((r) => r.target === target);
  return run ? (summaryOf(run)?.p99 ?? null) : null;
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100;
}

export function checkTargets(cell: CellResult): TargetCheck {
  const tsP99 = p99(cell, "ts-inotify");
  const bashP99 = p99(cell, "bash-inotify");
  const floorP99 = p99(cell, "floor");
  const vsBash = ratio(tsP99, bashP99);
  const vsFloor = ratio(tsP99, floorP99);
  const storm = cell.storm.find((s) => s.target === "ts-inotify");
  return {
    cell: cell.cell,
    tsP99,
    bashP99,
    floorP99,
    floorTouchP99: p99(cell, "floor-touch"),
    fillCostP99: p99(cell, "fill-cost"),
    vsBash: { ratio: vsBash, met: vsBash === null ? null : vsBash <= 1 / 3 },
    vsFloor: { ratio: vsFloor, met: vsFloor === null ? null : vsFloor <= 3 },
    stormMissed: storm?.missed ?? null,
  };
}

function row(cells: (string | number | boolean | null | undefined)[]): string {
  return `| ${cells.map((c) => (c === null || c === undefined ? "-" : String(c))).join(" | ")} |`;
}

function p50(values: readonly number[] | undefined): number | null {
  return values && values.length > 0 ? percentile(values, 50) : null;
}

function latencyTable(cells: readonly CellResult[]): string[] {
  const out = ["mkdir -> all files present (floor: -> event received), microseconds", ""];
  const head = ["cell", "target", "method", "n", "p50", "p99", "max", "mean", "timeouts", "cgroup.procs p50/p99"];
  out.push(row(head), row(Array(head.length).fill("---")));
  for (const cell of cells)
    for (const run of cell.latency) {
      if (run.skipped) {
        out.push(row([cell.cell, run.target, `skipped: ${run.skipped}`]));
        continue;
      }
      const s = summaryOf(run);
      const first = run.firstUs?.length ? `${p50(run.firstUs)} / ${percentile(run.firstUs, 99)}` : null;
      const stats = [s?.n, s?.p50, s?.p99, s?.max, s && round(s.mean), run.timeouts];
      out.push(row([cell.cell, run.target, run.method, ...stats, first]));
    }
  return out;
}

function stormTable(cells: readonly CellResult[]): string[] {
  const out = ["", "storm: directories created by parallel writers; missed must be 0", ""];
  out.push(row(["cell", "target", "dirs", "missed", "create ms", "all filled ms", "filled via", "rescan found"]));
  out.push(row(Array(8).fill("---")));
  for (const cell of cells)
    for (const s of cell.storm) {
      if (s.skipped) out.push(row([cell.cell, s.target, `skipped: ${s.skipped}`]));
      const via = s.logstats ? JSON.stringify(s.logstats.filledVia) : null;
      const found = s.logstats?.rescans.reduce((a, r) => a + r.found, 0);
      if (!s.skipped)
        out.push(row([cell.cell, s.target, s.dirs, s.missed, s.createMs, s.allFilledMs, via, found]));
    }
  return out;
}

function checksTable(cells: readonly CellResult[]): string[] {
  const out = ["", "targets (gVisor cells): TS p99 <= bash p99 / 3; TS p99 <= 3 x floor p99", ""];
  const head = ["cell", "TS p99", "bash p99", "TS/bash", "met", "floor p99", "TS/floor", "met", "storm missed"];
  out.push(row([...head, "floor-touch p99", "fill-cost p99"]), row(Array(11).fill("---")));
  for (const c of cells.map(checkTargets)) {
    const bash = [c.bashP99, c.vsBash.ratio, c.vsBash.met];
    const floor = [c.floorP99, c.vsFloor.ratio, c.vsFloor.met];
    out.push(row([c.cell, c.tsP99, ...bash, ...floor, c.stormMissed, c.floorTouchP99, c.fillCostP99]));
  }
  return out;
}

/** Markdown tables: latency per cell and target, storms, and the target checks. */
export function renderTables(cells: readonly CellResult[]): string {
  return [...latencyTable(cells), ...stormTable(cells), ...checksTable(cells)].join("\n");
}
