/** The decisions of the k3s findings, kept pure so every answer is unit-tested without a cluster. */
import type { FakerMode } from "../../helpers/env/cell.js";
import type { TrialStats } from "../../helpers/finding/evidence.js";
import type { ProbeResult } from "../../helpers/finding/probe.js";
import type { Verdict } from "../../helpers/finding/verdict.js";
import type { SandboxFailure } from "../../helpers/k3s/event-classify.js";
import type { ReadinessResult } from "../../helpers/k3s/readiness.js";
import { summariseStability, type StabilitySample } from "../../helpers/k3s/stability.js";
import {
  isCgroupApplyFailure,
  type ClassifiedRuntimeError,
  type RuntimeErrorClass,
} from "../../helpers/probes/runtime-error-class.js";

const s = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;

function notReady(r: ReadinessResult): string {
  if (r.ended) return `not ready: it ended after ${s(r.elapsedMs)}, before ${r.pending.join(", ")}: ${r.ended}`;
  const why = r.lastError ? ` (last error: ${r.lastError})` : "";
  return `not ready after ${s(r.elapsedMs)}: still waiting for ${r.pending.join(", ")}${why}`;
}

/** k3s/server-stable: ready, then alive and answering in every sample over the whole watch. */
export function judgeServerStable(
  ready: ReadinessResult,
  samples: StabilitySample[],
  watchMs: number,
): ProbeResult {
  if (!ready.ready) return { verdict: "does-not-hold", summary: `k3s server ${notReady(ready)}` };
  const sum = summariseStability(samples);
  const stats: TrialStats = {
    trials: sum.samples,
    counts: { ok: sum.samples - sum.apiFailures, failed: sum.apiFailures },
  };
  const readyIn = `ready in ${s(ready.elapsedMs)}`;
  if (sum.diedAtMs !== null)
    return { verdict: "does-not-hold", summary: `${readyIn}, then k3s exited after ${s(sum.diedAtMs)}`, stats };
  if (sum.apiFailures > 0 || sum.coveredMs < watchMs)
    return {
      verdict: "does-not-hold",
      summary: `${readyIn}; /readyz failed in ${sum.apiFailures} of ${sum.samples} samples over ${s(sum.coveredMs)}`,
      stats,
    };
  return {
    verdict: "holds",
    summary: `${readyIn}; up ${s(sum.coveredMs)}, /readyz ok in all ${sum.samples} samples`,
    stats,
  };
}

export interface CapabilityResult {
  id: string;
  verdict: Verdict;
  /** One line: what was seen (failing step and its output, or what held). */
  detail: string;
}

/**
 * k3s/control-plane: holds when every capability holds; does not hold when any fails; blocked when none fails
 * but some could not be measured (a component the source lacks), or the API never came up to ask.
 */
export function judgeControlPlane(ready: ReadinessResult, results: readonly CapabilityResult[]): ProbeResult {
  if (!ready.ready) return { verdict: "blocked", summary: `the API server was ${notReady(ready)}` };
  const counts: Record<string, number> = { holds: 0, "does-not-hold": 0, blocked: 0 };
  for (const r of results) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  const stats: TrialStats = { trials: results.length, counts };
  const list = (rs: readonly CapabilityResult[]) => rs.map((r) => `${r.id} (${r.detail})`).join("; ");
  const failing = results.filter((r) => r.verdict === "does-not-hold");
  const blocked = results.filter((r) => r.verdict === "blocked");
  if (results.length === 0) return { verdict: "blocked", summary: "no capability was checked", stats };
  if (failing.length === 0 && blocked.length === 0)
    return { verdict: "holds", summary: `all ${results.length} capabilities hold`, stats };
  const notMeasured = blocked.length > 0 ? `; not measured: ${list(blocked)}` : "";
  if (failing.length > 0)
    return {
      verdict: "does-not-hold",
      summary: `${failing.length} of ${results.length} capabilities fail: ${list(failing)}${notMeasured}`,
      stats,
    };
  return {
    verdict: "blocked",
    summary: `${counts.holds} of ${results.length} capabilities hold, none fails${notMeasured}`,
    stats,
  };
}

/** The class the log saw for each faker (null: the log has no observation for that faker). */
export function logClassFor(faker: FakerMode): RuntimeErrorClass | null {
  if (faker === "none" || faker === "poll") return "cgroup-procs-enoent"; // Exp 16 (polling too slow), Exp 17 kernel test
  if (faker === "bash" || faker === "ts") return "cgroup-procs-not-cgroup-file"; // Exp 17, inotify in real time
  return null;
}

export interface PodSandboxObservation {
  scheduled: boolean;
  /** The pod was seen waiting with reason ContainerCreating. */
  containerCreating: boolean;
  running: boolean;
  failure: SandboxFailure | null;
  /** The pod's container failed to start after its sandbox was created, classified; null: it did not. */
  startError?: ClassifiedRuntimeError | null;
  faker: FakerMode;
  waitedMs: number;
}

/** k3s/pod-sandbox-fails: scheduled, then FailedCreatePodSandBox from runc applying cgroups. */
export function judgePodSandbox(o: PodSandboxObservation): ProbeResult {
  if (o.running) return { verdict: "does-not-hold", summary: "the pod is Running: its sandbox was created" };
  if (!o.scheduled) return { verdict: "blocked", summary: `the pod was not scheduled within ${s(o.waitedMs)}` };
  if (!o.failure && o.startError)
    return {
      verdict: "does-not-hold",
      summary: `the pod sandbox was created; its container failed to start after it: ${describeStartError(o.startError)}`,
    };
  if (!o.failure)
    return {
      verdict: "blocked",
      summary: `scheduled${o.containerCreating ? ", ContainerCreating" : ""}, but no FailedCreatePodSandBox within ${s(o.waitedMs)}`,
    };
  const c = o.failure.classified;
  const cause = `${c.class}: ${c.layers.at(-1) ?? c.normalised}`;
  if (c.class === "image-pull-failed")
    return {
      verdict: "blocked",
      summary: `the sandbox image was not available (set GVC_K3S_POD_IMAGES): ${cause}`,
    };
  if (!isCgroupApplyFailure(c))
    return { verdict: "does-not-hold", summary: `the sandbox failed, but not on cgroups: ${cause}` };
  const expected = logClassFor(o.faker);
  const vsLog =
    expected === null
      ? "the log has no class for this faker"
      : expected === c.class
        ? "as in the log"
        : `the log saw ${expected}`;
  return { verdict: "holds", summary: `FailedCreatePodSandBox, ${cause} (faker ${o.faker}: ${vsLog})` };
}

export interface PodTimelineEntry {
  atMs: number;
  phase: string;
  /** Waiting reasons of its containers (ContainerCreating, ErrImageNeverPull, ...). */
  waiting: string[];
}

export interface PodNeverRunsObservation {
  ready: ReadinessResult;
  scheduled: boolean;
  node: string | null;
  timeline: PodTimelineEntry[];
  running: boolean;
  /** The latest FailedCreatePodSandBox, classified, or null. */
  failure: SandboxFailure | null;
  /** The container failed to start after the sandbox was created (StartError), classified, or null. */
  startError?: ClassifiedRuntimeError | null;
  /** `kubectl logs` and `kubectl exec ... echo` answers, when it ran. */
  logs: string | null;
  exec: string | null;
  waitedMs: number;
}

const IMAGE_REASONS = /^(ErrImageNeverPull|ErrImagePull|ImagePullBackOff|InvalidImageName)$/;

/** k3s/pod-never-runs: holds when the pod was scheduled and never reached Running in the whole watch. */
export function judgePodNeverRuns(o: PodNeverRunsObservation): ProbeResult {
  if (!o.ready.ready) return { verdict: "blocked", summary: `the cluster was ${notReady(o.ready)}` };
  if (!o.scheduled) return { verdict: "blocked", summary: `the pod was not scheduled within ${s(o.waitedMs)}` };
  const where = `on node ${o.node ?? "?"}`;
  const last = o.timeline.at(-1);
  const state = last ? `${last.phase}${last.waiting.length ? ` (${last.waiting.join(", ")})` : ""}` : "no state";
  if (o.running) {
    const answers = [
      o.logs === null ? "no logs" : `logs: ${JSON.stringify(o.logs.trim().split("\n")[0] ?? "")}`,
      o.exec === null ? "exec failed" : `exec: ${JSON.stringify(o.exec.trim())}`,
    ].join("; ");
    const at = o.timeline.find((e) => e.phase === "Running")?.atMs ?? o.waitedMs;
    return { verdict: "does-not-hold", summary: `the pod reached Running ${where} after ${s(at)}; ${answers}` };
  }
  const imageProblem = o.timeline.flatMap((e) => e.waiting).find((r) => IMAGE_REASONS.test(r));
  if (imageProblem)
    return { verdict: "blocked", summary: `the pod's image was not available ${where}: ${imageProblem}` };
  const cause = o.failure
    ? `; FailedCreatePodSandBox: ${o.failure.classified.class}: ${o.failure.classified.layers.at(-1) ?? o.failure.classified.normalised}`
    : o.startError
      ? `; its sandbox was created, the container failed to start: ${describeStartError(o.startError)}`
      : "";
  return { verdict: "holds", summary: `scheduled ${where}, not Running after ${s(o.waitedMs)}: ${state}${cause}` };
}

/** `cgroup-v2-file-missing: unable to set unified resource "memory.oom.group": openat2 .../memory.oom.group: ...`. */
function describeStartError(e: ClassifiedRuntimeError): string {
  return `${e.class}: ${e.layers.at(-1) ?? e.normalised}`;
}
