/**
 * A cell's sandbox that ended during the run (a sentry that crashed, a runtime that died): every later finding of
 * the cell is blocked on that, with what Docker says, rather than failing on "Container ... is not running".
 */
import { execa } from "execa";
import { SANDBOX_ENDED_PHASE, type BlockedCell } from "../finding/blocked-cell.js";
import type { EvidenceItem } from "../finding/evidence.js";
import {
  describeSyscall,
  parseSeccompKills,
  readKernelLog,
  sandboxKills,
  type SeccompKill,
} from "./seccomp-kills.js";

interface ContainerState {
  Running?: boolean;
  Status?: string;
  ExitCode?: number;
  OOMKilled?: boolean;
  Error?: string;
  StartedAt?: string;
  FinishedAt?: string;
}

/** Names of the signals a sandbox is seen killed by (Docker's status 128+N). */
export const SIGNAL_NAMES: Record<number, string> = {
  6: "SIGABRT",
  9: "SIGKILL",
  11: "SIGSEGV",
  15: "SIGTERM",
  31: "SIGSYS",
};
const SIGSYS = 31;

/**
 * Why: the one line a blocked finding carries, from the container's State (signal names for 128+N), and for
 * SIGSYS the host kernel's seccomp record of the kill: the syscall that ended the sandbox.
 */
export function exitedReason(state: ContainerState, kills: readonly SeccompKill[] = []): string {
  const code = state.ExitCode ?? -1;
  const n = code - 128;
  const signal =
    n > 0 && n < 32 ? ` (128+${n}: killed by signal ${n}${SIGNAL_NAMES[n] ? `, ${SIGNAL_NAMES[n]}` : ""})` : "";
  const oom = state.OOMKilled ? ", OOM-killed" : "";
  const error = state.Error ? `, error: ${state.Error}` : "";
  const kill = kills[0];
  const seccomp = kill
    ? `; the host kernel's seccomp killed ${kill.comm} (pid ${kill.pid}, ${kill.exe}) at its ${describeSyscall(kill)}`
    : "";
  return `the cell's sandbox exited during the run (status ${code}${signal}${oom}${error}, at ${state.FinishedAt ?? "?"})${seccomp}`;
}

/** For a sandbox that died of SIGSYS: the host kernel's seccomp records of it, as evidence (or why none). */
async function seccompEvidence(
  state: ContainerState,
): Promise<{ kills: SeccompKill[]; evidence: EvidenceItem[] }> {
  if ((state.ExitCode ?? 0) !== 128 + SIGSYS) return { kills: [], evidence: [] };
  const log = await readKernelLog();
  if ("error" in log)
    return {
      kills: [],
      evidence: [{ label: "host kernel log (seccomp records)", kind: "text", text: log.error }],
    };
  const kills = sandboxKills(parseSeccompKills(log.text), {
    startedAt: state.StartedAt ?? "",
    finishedAt: state.FinishedAt ?? "",
  });
  const text =
    kills.length > 0
      ? kills.map((k) => `${describeSyscall(k)}: ${k.line}`).join("\n")
      : "no seccomp record of a runsc process between the sandbox's start and end (audit type 1326)";
  return { kills, evidence: [{ label: "host kernel log: seccomp kills (audit type 1326)", kind: "text", text }] };
}

/** The blocked record of a cell whose container no longer runs, or null while it runs (or Docker cannot say). */
export async function sandboxExited(containerId: string): Promise<BlockedCell | null> {
  const t0 = performance.now();
  const r = await execa("docker", ["inspect", "--format", "{{json .State}}", containerId], {
    reject: false,
    timeout: 15_000,
  });
  if (r.exitCode !== 0 || r.timedOut) return null;
  let state: ContainerState;
  try {
    state = JSON.parse(r.stdout) as ContainerState;
  } catch {
    return null;
  }
  if (state.Running !== false) return null;
  const seccomp = await seccompEvidence(state);
  return {
    phase: SANDBOX_ENDED_PHASE,
    reason: exitedReason(state, seccomp.kills),
    waitedMs: Math.round(performance.now() - t0),
    evidence: [
      { label: `docker inspect ${containerId.slice(0, 12)}: State`, kind: "json", json: state },
      ...seccomp.evidence,
    ],
  };
}
