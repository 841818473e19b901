/** The probe of the ptrace finding: bound to it in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe, ProbeContext } from "../../helpers/finding/probe.js";
import { PROBES_DIR } from "../../helpers/probes/sandbox-script.js";
import { HANG_DEADLINE_MS, OPS_PER_THREAD, ptraceRuns, STALL_MS, THREADS, WORKS_BOUND_MS } from "./findings.js";
import { judgePtrace, ratio, type RunSeries } from "./judge-ptrace.js";

/**
 * Runs the workload `runs` times; a hung run is not repeated (it would only cost another bound). The traced
 * multi-threaded run stops itself at its deadline and reports its progress (the judge reads a hang from it); the
 * exec's own bound is a safety margin past that. Every other run is bounded by the looser "works" bound.
 */
async function measure(ctx: ProbeContext, threads: number, traced: boolean): Promise<RunSeries> {
  const watched = traced && threads > 1;
  const boundMs = watched ? HANG_DEADLINE_MS + 30_000 : WORKS_BOUND_MS;
  const series: RunSeries = { wallMs: [], hung: 0, failed: 0, ...(watched ? { progress: [] } : {}) };
  const workload = [
    "node",
    `${PROBES_DIR}/syscall-load.mjs`,
    String(threads),
    String(OPS_PER_THREAD),
    ...(watched ? [String(HANG_DEADLINE_MS)] : []),
  ];
  const argv = traced ? ["strace", "-f", "-o", "/dev/null", ...workload] : workload;
  const label = `${threads === 1 ? "single" : `${threads} threads`}, ${traced ? "strace -f" : "plain"}`;
  for (let i = 0; i < ptraceRuns() && series.hung === 0; i++) {
    const run = await ctx.exec(`${label}, run ${i + 1}`, argv, { timeoutMs: boundMs });
    const report = parseReport(run.stdout);
    if (report?.samples && series.progress) series.progress.push(report.samples);
    if (report?.completed === true && run.exitCode === 0) series.wallMs.push(report.wallMs);
    else if (report?.completed === false || run.durationMs >= boundMs) series.hung++;
    else series.failed++;
  }
  ctx.evidence.metric(`${label}: wall time`, {
    name: `syscall load, ${label}`,
    unit: "ms",
    values: series.wallMs,
  });
  return series;
}

export const overheadProbe: Probe = async (ctx) => {
  const m = {
    single: { plain: await measure(ctx, 1, false), traced: await measure(ctx, 1, true) },
    multi: { plain: await measure(ctx, THREADS, false), traced: await measure(ctx, THREADS, true) },
  };
  ctx.evidence.json("platform", ctx.cell.info.dimensions.platform);
  for (const [threads, series] of [
    ["single thread", m.single],
    [`${THREADS} threads`, m.multi],
  ] as const) {
    const r = ratio(series.plain, series.traced);
    if (r !== null)
      ctx.evidence.metric("ratio", { name: `strace -f / plain, ${threads}`, unit: "ratio", values: [r] });
  }
  await ctx.sh("no workload left behind", "pkill -f syscall-load.mjs; pkill strace; true");
  return judgePtrace(m, { stallMs: STALL_MS, worksMs: WORKS_BOUND_MS });
};

/** The workload's last JSON line, or null when it printed none (it did not run, or was killed). */
function parseReport(stdout: string): { completed: boolean; wallMs: number; samples?: [number, number][] } | null {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    const r = JSON.parse(line) as { completed?: boolean; wallMs: number; samples?: [number, number][] };
    return { completed: r.completed ?? true, wallMs: r.wallMs, ...(r.samples ? { samples: r.samples } : {}) };
  } catch {
    return null;
  }
}
