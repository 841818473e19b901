/** The probe of the ptrace finding: bound to it in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe, ProbeContext } from "../../helpers/finding/probe.js";
import { PROBES_DIR } from "../../helpers/probes/sandbox-script.js";
import { HANG_BOUND_MS, OPS_PER_THREAD, ptraceRuns, THREADS, WORKS_BOUND_MS } from "./findings.js";
import { judgePtrace, ratio, type RunSeries } from "./judge-ptrace.js";

/**
 * Runs the workload `runs` times; a hung run is not repeated (it would only cost another bound). The traced
 * multi-threaded run is bounded by the hang bound (the claim); every other run by the looser "works" bound.
 */
async function measure(ctx: ProbeContext, threads: number, traced: boolean): Promise<RunSeries> {
  const boundMs = traced && threads > 1 ? HANG_BOUND_MS : WORKS_BOUND_MS;
  const series: RunSeries = { wallMs: [], hung: 0, failed: 0 };
  const workload = ["node", `${PROBES_DIR}/syscall-load.mjs`, String(threads), String(OPS_PER_THREAD)];
  const argv = traced ? ["strace", "-f", "-o", "/dev/null", ...workload] : workload;
  const label = `${threads === 1 ? "single" : `${threads} threads`}, ${traced ? "strace -f" : "plain"}`;
  for (let i = 0; i < ptraceRuns() && series.hung === 0; i++) {
    const run = await ctx.exec(`${label}, run ${i + 1}`, argv, { timeoutMs: boundMs });
    const wall = /"wallMs":([\d.]+)/.exec(run.stdout)?.[1];
    if (run.durationMs >= boundMs) series.hung++;
    else if (run.exitCode === 0 && wall) series.wallMs.push(Number(wall));
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
  return judgePtrace(m, { hangMs: HANG_BOUND_MS, worksMs: WORKS_BOUND_MS });
};
