/** The latency series of one environment: the floor, the fill cost, and each faker target. */
import type { FillCostResult } from "../../faker/bench-fillcost.js";
import type { LatencyResult } from "../../faker/bench-latency.js";
import type { LogStats } from "../../faker/bench-logstats.js";
import { driver, freshRoot, methodFor, missingTool, withFaker } from "./driver.js";
import type { BenchEnv } from "./env.js";
import { sh, shq } from "./process.js";
import type { BenchPlan, LatencyRun } from "./run-cell.js";
import { BENCH_FILES, TARGETS, type TargetId } from "./targets.js";

export async function latencyRun(env: BenchEnv, id: TargetId, plan: BenchPlan): Promise<LatencyRun> {
  const target = TARGETS[id];
  const skipped = await missingTool(env, target);
  if (skipped) return { target: id, describe: target.describe, skipped };
  const root = await freshRoot(env, `lat-${id}`);
  const poll = id.endsWith("poll");
  const args = ["latency", "--dir", `${root}/memory/k8s.io`, "--files", target.files.join(",")];
  args.push("--count", String(poll ? plan.pollCount : plan.count), "--gap-ms", String(plan.gapMs));
  args.push("--timeout-ms", poll ? "3000" : "5000", "--method", methodFor(env));
  const { value, log } = await withFaker(env, target, root, () => driver<LatencyResult>(env, args));
  const logstats = id.startsWith("ts-") ? await driver<LogStats>(env, ["logstats", "--file", log]) : undefined;
  await sh(env, `rm -rf ${shq(root)}`);
  return { target: id, describe: target.describe, ...value, ...(logstats ? { logstats } : {}) };
}

export async function floorRun(env: BenchEnv, plan: BenchPlan): Promise<LatencyRun> {
  const root = await freshRoot(env, "lat-floor");
  const args = ["floor", "--dir", `${root}/memory/k8s.io`, "--count", String(plan.count)];
  args.push("--gap-ms", String(plan.gapMs), "--timeout-ms", "5000", "--method", methodFor(env));
  const value = await driver<LatencyResult>(env, args);
  await sh(env, `rm -rf ${shq(root)}`);
  return { target: "floor", describe: "bare fs.watch watcher: mkdir to event received", ...value };
}

export async function fillCostRun(env: BenchEnv, plan: BenchPlan): Promise<LatencyRun> {
  const root = await freshRoot(env, "fill-cost");
  const args = ["fill-cost", "--dir", root, "--files", BENCH_FILES.join(","), "--count", String(plan.pollCount)];
  const value = await driver<FillCostResult>(env, [...args, "--gap-ms", String(plan.gapMs)]);
  await sh(env, `rm -rf ${shq(root)}`);
  const describe = `creating the ${BENCH_FILES.length} files alone (sync, after ${plan.gapMs} ms idle), no watching`;
  return {
    target: "fill-cost",
    describe,
    method: "mono",
    count: value.count,
    latUs: value.latUs,
    firstUs: value.firstFileUs,
    timeouts: 0,
  };
}
