/**
 * `npm run bench:faker`: how fast each cgroup faker fills a new directory, measured inside every runsc cell
 * and on the host, against the floor of a bare watcher; plus a storm of parallel mkdirs where nothing may be
 * missed. Prints tables and writes reports/bench-faker-<timestamp>.json. A benchmark, not a test.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundleBenchDriver, bundleFaker } from "../faker/build.js";
import {
  hostEnv,
  removeLiveContainersSync,
  runscRuntimes,
  sandboxEnv,
  startedContainers,
  type BenchEnv,
} from "../helpers/bench/env.js";
import { killHostGroupsSync } from "../helpers/bench/process.js";
import { checkTargets, renderTables } from "../helpers/bench/report.js";
import { runCell, type BenchPlan, type CellResult } from "../helpers/bench/run-cell.js";
import { BENCH_FILES, type TargetId } from "../helpers/bench/targets.js";
import { REPORTS_DIR, runId } from "../helpers/report/run-dir.js";
import { runscProcesses } from "../helpers/sandbox/cleanup.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    "poll-count": { type: "string", default: "200" },
    "gap-ms": { type: "string", default: "10" },
    "storm-dirs": { type: "string", default: "10000" },
    "storm-writers": { type: "string", default: "4" },
    targets: { type: "string", default: "ts-inotify,bash-inotify,floor-touch,ts-poll,bash-poll" },
    "storm-targets": { type: "string", default: "ts-inotify,ts-poll" },
    cells: { type: "string" },
    image: { type: "string", default: "gvisor-conformance/sandbox:bookworm" },
  },
});

const plan: BenchPlan = {
  count: Number(values.count),
  pollCount: Number(values["poll-count"]),
  gapMs: Number(values["gap-ms"]),
  stormDirs: Number(values["storm-dirs"]),
  stormWriters: Number(values["storm-writers"]),
  latencyTargets: values.targets.split(",").filter(Boolean) as TargetId[],
  stormTargets: values["storm-targets"].split(",").filter(Boolean) as TargetId[],
};
const say = (s: string) => process.stderr.write(`[bench-faker] ${s}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    say(`${signal}: removing sandboxes`);
    killHostGroupsSync();
    removeLiveContainersSync();
    process.exit(130);
  });

async function inEnv(make: () => BenchEnv | Promise<BenchEnv>): Promise<CellResult> {
  const env = await make();
  try {
    return await runCell(env, plan, say);
  } finally {
    await env.dispose();
  }
}

/** runsc sandbox/gofer processes left: those of our containers (must be 0), and all (other runs included). */
function leftoverRunsc(): { ours: number; all: number } {
  const all = runscProcesses();
  const ours = all.filter((p) => p.containerIds.some((id) => startedContainers.has(id)));
  return { ours: ours.length, all: all.length };
}

const startedAt = new Date();
await bundleFaker();
await bundleBenchDriver();
const wanted = values.cells?.split(",");
const runtimes = (await runscRuntimes()).filter((r) => !wanted || wanted.includes(r));
const cells: CellResult[] = [];
try {
  if (!wanted || wanted.includes("host")) cells.push(await inEnv(hostEnv));
  for (const runtime of runtimes) cells.push(await inEnv(() => sandboxEnv(runtime, values.image)));
} finally {
  killHostGroupsSync();
  removeLiveContainersSync();
}
const report = {
  kind: "bench-faker",
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  host: { kernel: os.release(), node: process.version, cpus: os.cpus().length },
  image: values.image,
  plan,
  files: BENCH_FILES,
  checks: cells.map(checkTargets),
  cells,
  leftoverRunscProcesses: leftoverRunsc(),
};
mkdirSync(REPORTS_DIR, { recursive: true });
const file = path.join(REPORTS_DIR, `bench-faker-${runId(startedAt)}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 1)}\n`);
const left = report.leftoverRunscProcesses;
const loads = cells.map((c) => `${c.cell} ${c.hostLoad.join(" -> ")}`).join(", ");
process.stdout.write(`${renderTables(cells)}\n\nhost load average (1 min) per cell: ${loads}\n`);
process.stdout.write(`runsc processes left: ${left.ours} of ours, ${left.all} in all\nwrote ${file}\n`);
