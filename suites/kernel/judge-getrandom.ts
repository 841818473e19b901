/** The verdict of kernel/survives-getrandom-load from its trials. Pure. */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import { SIGNAL_NAMES } from "../../helpers/sandbox/sandbox-exited.js";
import { describeSyscall, type SeccompKill } from "../../helpers/sandbox/seccomp-kills.js";

/** One sandbox under the load, as the probe saw it from the host. */
export interface LoadTrial {
  /** What the writers read: `/dev/urandom` (the load) or `/dev/zero` (the control). */
  source: string;
  /** Why the trial never ran (docker could not start it, no sandbox process): then nothing else counts. */
  startError?: string;
  /** The container's exit status; null when it did not end within the bound (it was removed). */
  exitCode: number | null;
  /** The workload printed its last line: every writer ended and the shell went on. */
  finished: boolean;
  /** Most threads the sentry had at one sample (every 250 ms), from /proc/<pid>/task. */
  peakThreads: number;
  /** The host kernel's seccomp records of runsc processes during the trial. */
  kills: SeccompKill[];
  /** The workload's output tail, for an exit that is neither success nor a signal. */
  output: string;
}

export interface GetrandomBounds {
  minThreads: number;
}

const killedBy = (t: LoadTrial): number | null =>
  t.exitCode !== null && t.exitCode > 128 && t.exitCode < 160 ? t.exitCode - 128 : null;

/** `status 159 (SIGSYS): seccomp killed it at syscall 9 (mmap)` */
export function describeDeath(t: LoadTrial): string {
  const signal = killedBy(t);
  const name = (signal !== null && SIGNAL_NAMES[signal]) || `signal ${signal}`;
  const kill = t.kills[0];
  const seccomp = kill
    ? `: the host kernel's seccomp killed ${kill.comm} (pid ${kill.pid}) at ${describeSyscall(kill)}`
    : signal === 31
      ? ": no seccomp record of it in the host kernel's log"
      : "";
  return `status ${t.exitCode} (${name}) after its threads reached ${t.peakThreads}${seccomp}`;
}

/**
 * Why: a killed sandbox is the answer whatever else the trials did (the claim is that it survives); a trial that
 * could not run, or a load that never reached the threads it needs, measured nothing and blocks; a sandbox that
 * ended on its own under the full load survived it.
 */
export function judgeGetrandomLoad(trials: readonly LoadTrial[], bounds: GetrandomBounds): ProbeResult {
  const load = trials.filter((t) => t.source === "/dev/urandom");
  const control = trials.find((t) => t.source !== "/dev/urandom");
  const notRun = trials.find((t) => t.startError !== undefined);
  const died = load.filter((t) => t.startError === undefined && killedBy(t) !== null);
  const ran = load.filter((t) => t.startError === undefined);
  if (died.length > 0) {
    const first = died[0] as LoadTrial;
    const rate = `${died.length} of ${ran.length} trial(s)`;
    const controlSays = !control
      ? ""
      : control.startError !== undefined
        ? `; the control (the same load from ${control.source}) did not run: ${control.startError}`
        : killedBy(control) !== null
          ? `; the control (the same load from ${control.source}, no getrandom) was killed too: ${describeDeath(control)}`
          : `; the control (the same load from ${control.source}, no getrandom) survived with ${control.peakThreads} threads`;
    return {
      verdict: "does-not-hold",
      summary: `the sandbox was killed under the getrandom load in ${rate}: ${describeDeath(first)}${controlSays}`,
      stats: { trials: ran.length, counts: { killed: died.length, survived: ran.length - died.length } },
    };
  }
  if (notRun) return { verdict: "blocked", summary: `a trial could not run: ${notRun.startError}` };
  const failed = ran.find((t) => t.exitCode !== 0 || !t.finished);
  if (failed)
    return {
      verdict: "blocked",
      summary:
        failed.exitCode === null
          ? "the load did not end within its bound, so whether the sandbox survives it was not measured"
          : `the load itself failed (exit ${failed.exitCode}${failed.finished ? "" : ", no last line"}): ${failed.output.trim().split("\n").at(-1) ?? ""}`,
    };
  const thin = ran.find((t) => t.peakThreads < bounds.minThreads);
  if (thin)
    return {
      verdict: "blocked",
      summary: `the load brought the sentry to ${thin.peakThreads} threads only (it needs ${bounds.minThreads}: more threads than a page of getrandom states), so it did not measure the claim`,
    };
  const peaks = ran.map((t) => t.peakThreads).join(", ");
  return {
    verdict: "holds",
    summary: `the sandbox survived the getrandom load in ${ran.length} of ${ran.length} trial(s), its sentry at ${peaks} threads`,
    stats: { trials: ran.length, counts: { killed: 0, survived: ran.length } },
  };
}
