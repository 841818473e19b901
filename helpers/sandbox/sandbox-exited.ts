/**
 * A cell's sandbox that ended during the run (a sentry that crashed, a runtime that died): every later finding of
 * the cell is blocked on that, with what Docker says, rather than failing on "Container ... is not running".
 */
import { execa } from "execa";
import { SANDBOX_ENDED_PHASE, type BlockedCell } from "../finding/blocked-cell.js";

interface ContainerState {
  Running?: boolean;
  Status?: string;
  ExitCode?: number;
  OOMKilled?: boolean;
  Error?: string;
  StartedAt?: string;
  FinishedAt?: string;
}

/** Why: the one line a blocked finding carries, from the container's State (signal names for 128+N). */
export function exitedReason(state: ContainerState): string {
  const code = state.ExitCode ?? -1;
  const signal = code > 128 && code < 160 ? ` (128+${code - 128}: killed by signal ${code - 128})` : "";
  const oom = state.OOMKilled ? ", OOM-killed" : "";
  const error = state.Error ? `, error: ${state.Error}` : "";
  return `the cell's sandbox exited during the run (status ${code}${signal}${oom}${error}, at ${state.FinishedAt ?? "?"})`;
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
  return {
    phase: SANDBOX_ENDED_PHASE,
    reason: exitedReason(state),
    waitedMs: Math.round(performance.now() - t0),
    evidence: [{ label: `docker inspect ${containerId.slice(0, 12)}: State`, kind: "json", json: state }],
  };
}
