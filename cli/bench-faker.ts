/**
 * `npm run bench:faker`: how fast each cgroup faker fills a new directory, measured inside every runsc cell
 * and on the host, against the floor of a bare watcher; plus a storm of parallel mkdirs where nothing may be
 * missed. Prints tables and writes reports/bench-faker-<timestamp>.json after every target (`complete` says whether
 * the run got to its end), so that a failure at minute 30 keeps 30 minutes of figures. A runtime that declares its
 * platform is probed before it is relied on, and a target that cannot be measured is skipped with its reason in the
 * report and one line at the end. A benchmark, not a test.
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
import { firstLine } from "../helpers/finding/blocked-cell.js";
import { engineRuntimes } from "../helpers/host/runtime-registry.js";
import { platformProbeFor } from "../helpers/sandbox/platform-probe.js";
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
const engine = await engineRuntimes();
const runtimes = (await runscRuntimes()).filter((r) => !wanted || wanted.includes(r));
const cells: CellResult[] = [];
/** Targets that could not be measured, with the one-line reason (shown in the report and at the end). */
const skipped: { cell: string; reason: string }[] = [];
mkdirSync(REPORTS_DIR, { recursive: true });
const file = path.join(REPORTS_DIR, `bench-faker-${runId(startedAt)}.json`);

/** The report as it stands: written after every target, so that a failure later keeps what was measured. */
function writeReport(complete: boolean): void {
  const report = {
    kind: "bench-faker",
    complete,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    host: { kernel: os.release(), node: process.version, cpus: os.cpus().length },
    image: values.image,
    plan,
    files: BENCH_FILES,
    checks: cells.map(checkTargets),
    cells,
    skipped,
    leftoverRunscProcesses: leftoverRunsc(),
  };
  writeFileSync(file, `${JSON.stringify(report, null, 1)}\n`);
}

/**
 * One target: a runtime that declares its platform is probed first (as the conformance run does), and one that
 * cannot start is skipped with the probe's reason; any failure while measuring skips that target alone.
 */
async function measureTarget(name: string, make: () => BenchEnv | Promise<BenchEnv>): Promise<void> {
  const entry = engine[name];
  if (entry) {
    const probe = platformProbeFor({ name, path: entry.path, runtimeArgs: entry.runtimeArgs ?? [] });
    const result = probe ? await probe : null;
    if (result && !result.ok) {
      skipped.push({ cell: name, reason: result.reason });
      say(`${name}: skipped: ${result.reason}`);
      return writeReport(false);
    }
  }
  try {
    cells.push(await inEnv(make));
  } catch (error) {
    skipped.push({ cell: name, reason: firstLine(error) });
    say(`${name}: skipped after a failure: ${firstLine(error)}`);
  }
  writeReport(false);
}

try {
  if (!wanted || wanted.includes("host")) await measureTarget("host", hostEnv);
  for (const runtime of runtimes) await measureTarget(runtime, () => sandboxEnv(runtime, values.image));
} finally {
  killHostGroupsSync();
  removeLiveContainersSync();
}
writeReport(true);
const left = leftoverRunsc();
const loads = cells.map((c) => `${c.cell} ${c.hostLoad.join(" -> ")}`).join(", ");
process.stdout.write(`${renderTables(cells)}\n\nhost load average (1 min) per cell: ${loads}\n`);
for (const s of skipped) process.stdout.write(`not measured: ${s.cell}: ${s.reason}\n`);
process.stdout.write(`runsc processes left: ${left.ours} of ours, ${left.all} in all\nwrote ${file}\n`);
