/**
 * The probe of kernel/survives-getrandom-load: from the host, a sandbox of its own per trial (the cell's runtime
 * and image), under a load that makes the sentry start many threads and serve getrandom on each. Every container
 * carries the run's labels and is removed at the trial's end, killed or not.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import type { Probe, ProbeContext } from "../../helpers/finding/probe.js";
import { currentRunId } from "../../helpers/report/run-dir.js";
import { labelsFor } from "../../helpers/sandbox/labels.js";
import { parseSeccompKills, readKernelLog, sandboxKills } from "../../helpers/sandbox/seccomp-kills.js";
import { DEATH_TRIALS, LOAD_SECONDS, LOAD_WRITERS, MIN_SENTRY_THREADS } from "./findings.js";
import { judgeGetrandomLoad, type LoadTrial } from "./judge-getrandom.js";

/** Where the writers write: a host folder on a disk (a tmpfs has no device to limit, and its fsync never waits). */
const DATA_ROOT = process.env.GVC_LOAD_DIR ?? "/var/tmp/gvisor-conformance";
/** The write limit that makes each fsync wait, and so the sentry's Go runtime start a thread per writer. */
const WRITE_LIMIT = "2mb";
const LAST_LINE = "gvc-load-ended";

/** The workload, as the sandbox's shell runs it: every writer loops until the deadline, then the last line. */
export function loadScript(source: string, writers = LOAD_WRITERS, seconds = LOAD_SECONDS): string {
  return (
    `end=$((SECONDS+${seconds})); for i in $(seq 1 ${writers}); do ` +
    `( while [ $SECONDS -lt $end ]; do dd if=${source} of=/data/f$i bs=64k count=1 conv=fsync status=none || exit 1; done ) & ` +
    `done; failed=0; for p in $(jobs -p); do wait $p || failed=$((failed+1)); done; ` +
    `echo "${LAST_LINE} ($failed writer(s) failed)"; [ $failed -eq 0 ]`
  );
}

/**
 * The whole disk under a folder, as Docker's --device-write-bps takes it (`/dev/vda`): from the folder's
 * st_dev through /sys/dev/block (a partition's parent disk), or why there is none (a tmpfs, an overlay).
 */
export async function diskUnder(dir: string): Promise<{ device: string } | { error: string }> {
  const st = await execa("stat", ["-c", "%d", dir], { reject: false });
  const dev = Number(st.stdout.trim());
  if (st.exitCode !== 0 || !Number.isInteger(dev)) return { error: `stat ${dir} failed: ${st.stderr}` };
  const major = Math.floor(dev / 256) & 0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
  const sys = `/sys/dev/block/${major}:${minor}`;
  const uevent = async (p: string): Promise<string | null> =>
    /^DEVNAME=(.+)$/m.exec(await readFile(`${p}/uevent`, "utf8").catch(() => ""))?.[1] ?? null;
  const isPartition = await readFile(`${sys}/partition`, "utf8").then(
    () => true,
    () => false,
  );
  const name = await uevent(isPartition ? `${sys}/..` : sys);
  return name
    ? { device: `/dev/${name}` }
    : { error: `${dir} is on no block device (device ${major}:${minor}): its writes cannot be limited` };
}

/** Threads of a process now, or 0 when it is gone. */
async function threadsOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

interface State {
  Running?: boolean;
  ExitCode?: number;
  Pid?: number;
  StartedAt?: string;
  FinishedAt?: string;
}

async function inspect(id: string): Promise<State | null> {
  const r = await execa("docker", ["inspect", "--format", "{{json .State}}", id], {
    reject: false,
    timeout: 15_000,
  });
  try {
    return r.exitCode === 0 ? (JSON.parse(r.stdout) as State) : null;
  } catch {
    return null;
  }
}

/** One trial: start, sample the sentry's threads until the container ends (or its bound), read how it ended. */
async function trial(
  ctx: ProbeContext,
  source: string,
  device: string,
  dataDir: string,
  n: number,
): Promise<LoadTrial> {
  const cell = ctx.cell;
  const labels = Object.entries(labelsFor(currentRunId(), cell.id)).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
  const argv = [
    "run",
    "-d",
    ...labels,
    `--runtime=${cell.info.dockerRuntime}`,
    "--device-write-bps",
    `${device}:${WRITE_LIMIT}`,
    "-v",
    `${dataDir}:/data`,
    cell.info.image.tag,
    "bash",
    "-c",
    loadScript(source),
  ];
  const label = `trial ${n}: ${LOAD_WRITERS} writers from ${source} for ${LOAD_SECONDS} s`;
  const t0 = performance.now();
  const run = await execa("docker", argv, { reject: false, timeout: 60_000 });
  const id = run.stdout.trim();
  const base: Omit<LoadTrial, "exitCode" | "finished"> = { source, peakThreads: 0, kills: [], output: "" };
  if (run.exitCode !== 0 || !id) {
    const why =
      String(run.stderr || run.message || "")
        .split("\n")
        .filter(Boolean)
        .at(-1) ?? "";
    ctx.evidence.text(label, `docker ${argv.join(" ")}\n-> exit ${run.exitCode ?? "none"}: ${why}`);
    return {
      ...base,
      startError: `docker run failed (exit ${run.exitCode ?? "none"}): ${why}`,
      exitCode: null,
      finished: false,
    };
  }
  try {
    const pid = (await inspect(id))?.Pid ?? 0;
    const deadline = performance.now() + (LOAD_SECONDS + 60) * 1000;
    let peak = 0;
    let state = await inspect(id);
    while (state?.Running && performance.now() < deadline) {
      if (pid > 0) peak = Math.max(peak, await threadsOf(pid));
      await new Promise((r) => setTimeout(r, 250));
      state = await inspect(id);
    }
    const logs = await execa("docker", ["logs", "--tail", "20", id], { reject: false, timeout: 15_000 });
    const output = `${logs.stdout}\n${logs.stderr}`.trim();
    const ended = state !== null && !state.Running;
    const exitCode = ended ? (state?.ExitCode ?? null) : null;
    const kernelLog = exitCode !== null && exitCode > 128 ? await readKernelLog() : null;
    const kills =
      kernelLog && "text" in kernelLog
        ? sandboxKills(parseSeccompKills(kernelLog.text), {
            startedAt: state?.StartedAt ?? "",
            finishedAt: state?.FinishedAt ?? "",
            pid,
          })
        : [];
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    ctx.evidence.text(
      label,
      [
        `docker ${argv.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" ")}`,
        ended ? `exit ${exitCode} after ${seconds} s` : `still running after ${seconds} s: removed`,
        `sentry (pid ${pid || "not found"}) threads at most ${peak}`,
        ...kills.map((k) => `seccomp record: ${k.line}`),
        ...(kernelLog && "error" in kernelLog ? [`host kernel log: ${kernelLog.error}`] : []),
        `output: ${output || "(none)"}`,
      ].join("\n"),
    );
    if (pid === 0)
      return {
        ...base,
        startError: "docker knows no sandbox process for the container",
        exitCode,
        finished: false,
      };
    return { ...base, exitCode, finished: output.includes(LAST_LINE), peakThreads: peak, kills, output };
  } finally {
    await execa("docker", ["rm", "-f", id], { reject: false, timeout: 30_000 });
  }
}

export const survivesGetrandomLoadProbe: Probe = async (ctx) => {
  await mkdir(DATA_ROOT, { recursive: true });
  const disk = await diskUnder(DATA_ROOT);
  if ("error" in disk)
    return { verdict: "blocked", summary: `no disk to limit the writes on: ${disk.error} (set GVC_LOAD_DIR)` };
  const dataDir = path.join(DATA_ROOT, `getrandom-load-${process.pid}-${Date.now()}`);
  await mkdir(dataDir, { recursive: true });
  try {
    ctx.evidence.json("facts the expectation keys on", {
      sentryGetrandomState: ctx.cell.info.dimensions.sentryGetrandomState,
      sentryDroppableMmap: ctx.cell.info.dimensions.sentryDroppableMmap,
    });
    const trials = [await trial(ctx, "/dev/urandom", disk.device, dataDir, 1)];
    const first = trials[0] as LoadTrial;
    if (first.startError === undefined && first.exitCode !== null && first.exitCode > 128) {
      for (let n = 2; n <= DEATH_TRIALS; n++)
        trials.push(await trial(ctx, "/dev/urandom", disk.device, dataDir, n));
      trials.push(await trial(ctx, "/dev/zero", disk.device, dataDir, DEATH_TRIALS + 1));
    }
    ctx.evidence.metric("sentry threads", {
      name: "sentry threads at most, per trial",
      unit: "count",
      values: trials.map((t) => t.peakThreads),
    });
    return judgeGetrandomLoad(trials, { minThreads: MIN_SENTRY_THREADS });
  } finally {
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  }
};
