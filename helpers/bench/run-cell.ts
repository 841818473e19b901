/** Runs the whole benchmark plan in one environment (a runsc sandbox or the host). */
import os from "node:os";
import type { LatencyResult } from "../../faker/bench-latency.js";
import type { LogStats } from "../../faker/bench-logstats.js";
import type { StormResult } from "../../faker/bench-storm.js";
import { driver, freshRoot, missingTool, withFaker } from "./driver.js";
import type { BenchEnv } from "./env.js";
import { sh, shq, waitForLog } from "./process.js";
import { fillCostRun, floorRun, latencyRun } from "./run-latency.js";
import { TARGETS, type TargetId } from "./targets.js";

/** Sizes and choices of one benchmark run. */
export interface BenchPlan {
  count: number;
  pollCount: number;
  gapMs: number;
  stormDirs: number;
  stormWriters: number;
  latencyTargets: TargetId[];
  stormTargets: TargetId[];
}

/** One latency series: raw microseconds from mkdir to all files present (floor: to the event). */
export interface LatencyRun extends Partial<LatencyResult> {
  target: TargetId | "floor" | "fill-cost";
  describe: string;
  logstats?: LogStats;
  skipped?: string;
}

export interface StormRun extends Partial<StormResult> {
  target: TargetId;
  logstats?: LogStats;
  skipped?: string;
}

/** Everything measured in one environment. */
export interface CellResult {
  cell: string;
  kind: "host" | "runsc";
  kernel: string;
  node: string;
  /** Host 1-minute load average when the cell started and ended (other runs on the host skew the tails). */
  hostLoad: [number, number];
  latency: LatencyRun[];
  storm: StormRun[];
}

async function stormRun(env: BenchEnv, id: TargetId, plan: BenchPlan): Promise<StormRun> {
  const target = TARGETS[id];
  const skipped = await missingTool(env, target);
  if (skipped) return { target: id, skipped };
  const root = await freshRoot(env, `storm-${id}`);
  const args = ["storm", "--dir", `${root}/memory/k8s.io`, "--files", target.files.join(",")];
  args.push("--dirs", String(plan.stormDirs), "--writers", String(plan.stormWriters), "--containers", "4");
  const { value, log } = await withFaker(env, target, root, async () => {
    const result = await driver<StormResult>(env, args);
    // The burst-triggered safety rescan (inotify mode) runs once the storm is quiet: let it report what it found.
    const rescanned = (text: string) => text.includes('"event":"rescan"');
    if (id === "ts-inotify") await waitForLog(env, `${root}.log`, rescanned, 120_000).catch(() => undefined);
    return result;
  });
  const logstats = id.startsWith("ts-") ? await driver<LogStats>(env, ["logstats", "--file", log]) : undefined;
  await sh(env, `rm -rf ${shq(root)}`);
  return { target: id, ...value, ...(logstats ? { logstats } : {}) };
}

/** Floor first, then each latency target, then the storms; progress lines go to `say`. */
export async function runCell(env: BenchEnv, plan: BenchPlan, say: (s: string) => void): Promise<CellResult> {
  const kernel = (await sh(env, "uname -r")).trim();
  const node = (await env.exec([env.node, "--version"])).trim();
  const load = () => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const cell: CellResult = {
    cell: env.name,
    kind: env.kind,
    kernel,
    node,
    hostLoad: [load(), 0],
    latency: [],
    storm: [],
  };
  say(`${env.name}: floor (${plan.count} dirs)`);
  cell.latency.push(await floorRun(env, plan));
  say(`${env.name}: fill cost (${plan.pollCount} dirs)`);
  cell.latency.push(await fillCostRun(env, plan));
  for (const id of plan.latencyTargets) {
    say(`${env.name}: latency ${id}`);
    cell.latency.push(await latencyRun(env, id, plan));
  }
  for (const id of plan.stormTargets) {
    say(`${env.name}: storm ${id} (${plan.stormDirs} dirs, ${plan.stormWriters} writers)`);
    cell.storm.push(await stormRun(env, id, plan));
  }
  cell.hostLoad[1] = load();
  return cell;
}
