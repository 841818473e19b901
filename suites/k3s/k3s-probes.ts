/**
 * The live probes of the k3s findings: they drive the cluster (k3s, or upstream Kubernetes built from source)
 * in the cell's sandbox through kubectl, record what they saw, and leave the decision to judge-k3s.ts.
 * Reached only where the k3s tier is available.
 */
import type { EvidenceItem } from "../../helpers/finding/evidence.js";
import { ProbeContext, type Probe } from "../../helpers/finding/probe.js";
import { observeReadiness, parsePodState } from "../../helpers/k3s/cluster-observe.js";
import { eventsFromKubectlJson, latestSandboxFailure } from "../../helpers/k3s/event-classify.js";
import { currentCluster, currentK3sTier } from "../../helpers/k3s/host-probes.js";
import { redactKubeconfig, validateKubeconfig } from "../../helpers/k3s/kubeconfig.js";
import * as m from "../../helpers/k3s/manifests.js";
import { waitForReadiness, type ReadinessResult, type Requirement } from "../../helpers/k3s/readiness.js";
import { kubectl, quietRunner, type Runner } from "../../helpers/k3s/runner.js";
import { K3S_NODE_NAME, type K3sMode } from "../../helpers/k3s/server-args.js";
import type { K3sServer, K3sSessions } from "../../helpers/k3s/server-session.js";
import { watchStability, type StabilitySample } from "../../helpers/k3s/stability.js";
import type { K3sTimings } from "../../helpers/k3s/timings.js";
import { runControlPlaneChecks } from "./control-plane-checks.js";
import {
  judgeControlPlane,
  judgePodNeverRuns,
  judgePodSandbox,
  judgeServerStable,
  type PodNeverRunsObservation,
  type PodTimelineEntry,
} from "./judge-k3s.js";

const say = (ctx: ProbeContext, line: string): void =>
  void process.stdout.write(`[k3s] ${ctx.cell.id}: ${line}\n`);
const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

/** With the agent, ready also means the node registered (it stays NotReady: no CNI, as in the log). */
const readinessFor = (mode: K3sMode): Requirement[] =>
  mode === "with-agent" ? [{ kind: "api" }, { kind: "node-registered", node: K3S_NODE_NAME }] : [{ kind: "api" }];

async function ready(
  ctx: ProbeContext,
  quiet: Runner,
  t: K3sTimings,
  mode: K3sMode,
  server: K3sServer,
): Promise<ReadinessResult> {
  let lastError = "";
  const result = await waitForReadiness({
    requirements: readinessFor(mode),
    observe: () => observeReadiness(quiet),
    ended: async () => {
      const r = await quiet.sh("ended?", currentCluster().endedScript(server.pid));
      return r.exitCode === 0 ? r.stdout.trim() || null : null; // a failed exec says nothing about the server
    },
    deadlineMs: t.readyDeadlineMs,
    intervalMs: 2_000,
    // Progress: what was met, and each new error once (a booting API server repeats the same one).
    onProgress: (e) => {
      if (e.kind === "met") return say(ctx, `${e.requirement} after ${Math.round(e.atMs / 1000)} s`);
      if (e.error !== lastError) say(ctx, `waiting (${Math.round(e.atMs / 1000)} s): ${e.error}`);
      lastError = e.error;
    },
  });
  if (result.ended) say(ctx, `the cluster ended after ${Math.round(result.elapsedMs / 1000)} s: ${result.ended}`);
  ctx.evidence.json("readiness", result);
  await observeReadiness(ctx).catch((e: unknown) => ctx.evidence.text("last readiness observation", String(e)));
  if (!result.ready) await recordLogs(ctx);
  return result;
}

/** Why: a cluster that failed or died is judged on its own words: the tail of every log it wrote. */
const recordLogs = (ctx: ProbeContext, lines = 40) =>
  ctx.sh(`${currentCluster().kind} logs, last ${lines} lines each`, currentCluster().logTailScript(lines));

/**
 * A cluster that never got ready in a cell is not waited for again by the cell's later findings: they are
 * blocked at once, on the first attempt's readiness and logs (recorded again here).
 */
async function start(ctx: ProbeContext, sessions: K3sSessions, t: K3sTimings, mode: K3sMode = "with-agent") {
  const quiet = quietRunner(ctx.cell.containerId);
  ctx.evidence.text("cluster source", currentK3sTier().summary);
  const failed = sessions.failedStart(ctx.cell.containerId, mode);
  if (failed) {
    ctx.evidence.json("readiness (first attempt in this cell; not retried)", failed);
    await recordLogs(ctx);
    return { quiet, server: null, ready: failed };
  }
  const server = await sessions.ensure(ctx, ctx.cell, mode);
  ctx.evidence.text(`${currentCluster().kind} server argv (${mode})`, server.argv.join(" "));
  const result = await ready(ctx, quiet, t, mode, server);
  if (!result.ready) sessions.recordFailedStart(ctx.cell.containerId, mode, result);
  return { quiet, server, ready: result };
}

async function sample(
  quiet: Runner,
  sessions: K3sSessions,
  server: K3sServer,
): Promise<Omit<StabilitySample, "atMs">> {
  // Only a process seen gone counts as died; a failed exec leaves it to the API sample.
  const processAlive = (await sessions.state(quiet, server)) !== "ended";
  const t0 = performance.now();
  const r = await kubectl(quiet, "readyz", ["get", "--raw=/readyz"], { timeoutMs: 15_000 });
  const apiOk = r.exitCode === 0 && r.stdout.trim() === "ok";
  const latencyMs = apiOk ? Math.round(performance.now() - t0) : null;
  return { processAlive, apiOk, latencyMs, ...(apiOk ? {} : { detail: r.stderr.trim() }) };
}

async function recordServerFiles(ctx: ProbeContext, quiet: Runner): Promise<void> {
  await recordLogs(ctx);
  const path = currentCluster().kubeconfigPath;
  const config = await quiet.exec("kubeconfig", ["cat", path]);
  ctx.evidence.text(`${path} (keys redacted)`, redactKubeconfig(config.stdout));
  ctx.evidence.json("kubeconfig check", validateKubeconfig(config.stdout));
}

/** Why: the three probes share one server per cell (see K3sSessions) and one set of timings. */
export function k3sProbes(
  sessions: K3sSessions,
  t: K3sTimings,
  cpMode: K3sMode,
): Record<"serverStable" | "controlPlane" | "podSandbox" | "podNeverRuns", Probe> {
  const images = m.podImagesFor(currentK3sTier().source);
  const serverStable: Probe = async (ctx) => {
    const { quiet, server, ready: r } = await start(ctx, sessions, t);
    const samples =
      r.ready && server
        ? await watchStability({
            sample: () => sample(quiet, sessions, server),
            durationMs: t.stableMs,
            intervalMs: t.sampleIntervalMs,
          })
        : [];
    ctx.evidence.metric("/readyz round trip", {
      name: "readyz",
      unit: "ms",
      values: samples.flatMap((s) => s.latencyMs ?? []),
    });
    ctx.evidence.json("stability samples", samples);
    await recordServerFiles(ctx, quiet);
    return judgeServerStable(r, samples, t.stableMs);
  };

  const controlPlane: Probe = async (ctx) => {
    const { quiet, ready: r } = await start(ctx, sessions, t, cpMode);
    const results = r.ready
      ? await runControlPlaneChecks({
          run: ctx,
          quiet,
          record: (label, rec) => ctx.evidence.exec(label, rec),
          cluster: currentCluster(),
          images,
        })
      : [];
    if (!r.ready || results.some((c) => c.verdict !== "holds")) await recordLogs(ctx);
    ctx.evidence.json("capabilities", results);
    return judgeControlPlane(r, results);
  };

  /**
   * Both pod findings judge one experiment per cell: the test pod is created once, watched, and (if it runs)
   * asked for its logs and an exec. Whichever finding comes first runs it; its evidence goes to both. It is the
   * cell's last use of the cluster, which is then stopped: clusters of finished cells do not crowd the others.
   */
  const experiments = new Map<string, Promise<PodExperiment>>();
  const experimentOf = (ctx: ProbeContext): Promise<PodExperiment> => {
    let e = experiments.get(ctx.cell.containerId);
    if (!e) {
      e = runPodExperiment(new ProbeContext(ctx.cell), sessions, t, images);
      experiments.set(ctx.cell.containerId, e);
    }
    return e;
  };

  const podSandbox: Probe = async (ctx) => {
    const e = await experimentOf(ctx);
    ctx.evidence.add(e.evidence);
    // Blocked either way; the summary names the earlier step that failed rather than "not scheduled".
    if (!e.ready.ready) return { verdict: "blocked", summary: judgePodNeverRuns(e).summary };
    return judgePodSandbox({ ...e, faker: ctx.cell.faker });
  };

  const podNeverRuns: Probe = async (ctx) => {
    const e = await experimentOf(ctx);
    ctx.evidence.add(e.evidence);
    return judgePodNeverRuns(e);
  };

  return { serverStable, controlPlane, podSandbox, podNeverRuns };
}

const NS = ["-n", m.POD_NS];
const TEST_POD_EVENTS = [
  "get",
  "events",
  ...NS,
  `--field-selector=involvedObject.name=${m.TEST_POD}`,
  "-o",
  "json",
];

/** The log untainted its NotReady node (no CNI) so that pods would be scheduled; so do we. */
const untaint = (ctx: ProbeContext) =>
  kubectl(ctx, "untaint the node as the log did", [
    "taint",
    "nodes",
    K3S_NODE_NAME,
    "node.kubernetes.io/not-ready:NoSchedule-",
  ]);

interface PodExperiment extends Omit<PodNeverRunsObservation, "logs" | "exec"> {
  logs: string | null;
  exec: string | null;
  containerCreating: boolean;
  evidence: EvidenceItem[];
}

/** The cell's pod experiment, recorded in its own context; the cluster is stopped afterwards. */
async function runPodExperiment(
  ctx: ProbeContext,
  sessions: K3sSessions,
  t: K3sTimings,
  images: m.PodImages,
): Promise<PodExperiment> {
  const { quiet, server, ready: r } = await start(ctx, sessions, t);
  const base = { ready: r, logs: null, exec: null, evidence: ctx.evidence.items };
  if (!r.ready || !server) {
    if (server) await sessions.stop(server);
    return {
      ...base,
      scheduled: false,
      node: null,
      timeline: [],
      running: false,
      failure: null,
      containerCreating: false,
      waitedMs: 0,
    };
  }
  await untaint(ctx);
  await kubectl(ctx, "create the test pod", ["apply", "-f", "-"], {
    input: m.toInput(m.namespace(m.POD_NS), m.testPod(images)),
  });
  const seen = await watchTestPod(quiet, t.podDeadlineMs);
  ctx.evidence.json("phase timeline (ms since creation)", seen.timeline);
  await kubectl(ctx, "where it runs", ["get", "pod", m.TEST_POD, ...NS, "-o", "wide"]);
  await kubectl(ctx, "describe the pod", ["describe", "pod", m.TEST_POD, ...NS]);
  await kubectl(ctx, "the pod's events", TEST_POD_EVENTS);
  ctx.evidence.json("sandbox failure, classified", seen.failure);
  let logs: string | null = null;
  let exec: string | null = null;
  if (seen.running) {
    const l = await kubectl(ctx, "kubectl logs", ["logs", m.TEST_POD, ...NS]);
    logs = l.exitCode === 0 ? l.stdout : null;
    const e = await kubectl(ctx, "kubectl exec", [
      "exec",
      m.TEST_POD,
      ...NS,
      "--",
      "/bin/busybox",
      "echo",
      "gvc-exec-ok",
    ]);
    exec = e.exitCode === 0 ? e.stdout : null;
  } else await recordLogs(ctx, 25);
  await sessions.stop(server);
  const containerCreating = seen.timeline.some((e) => e.waiting.includes("ContainerCreating"));
  return { ...base, ...seen, logs, exec, containerCreating };
}

/** After the first sandbox failure the pod is watched this much longer: kubelet retries, and one might work. */
const AFTER_FAILURE_MS = 30_000;

/** Polls the test pod, recording each change of state, until it runs, ends, or stays failing long enough. */
async function watchTestPod(quiet: Runner, deadlineMs: number) {
  const t0 = Date.now();
  const timeline: PodTimelineEntry[] = [];
  let failedAt: number | null = null;
  for (;;) {
    const json = parse((await kubectl(quiet, "pod", ["get", "pod", m.TEST_POD, ...NS, "-o", "json"])).stdout);
    const state = parsePodState(json);
    const atMs = Date.now() - t0;
    const last = timeline.at(-1);
    if (!last || last.phase !== state.phase || last.waiting.join() !== state.waiting.join())
      timeline.push({ atMs, phase: state.phase, waiting: state.waiting });
    const events = eventsFromKubectlJson(parse((await kubectl(quiet, "events", TEST_POD_EVENTS)).stdout));
    const failure = latestSandboxFailure(events);
    failedAt ??= failure ? atMs : null;
    const running = state.phase === "Running";
    const ended = state.phase === "Failed" || state.phase === "Succeeded";
    const node = nodeOf(json);
    if (running || ended || atMs >= deadlineMs || (failedAt !== null && atMs - failedAt >= AFTER_FAILURE_MS))
      return { scheduled: state.scheduled, node, timeline, running, failure, waitedMs: atMs };
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

function nodeOf(json: unknown): string | null {
  const spec = (json as { spec?: { nodeName?: unknown } } | null)?.spec;
  return typeof spec?.nodeName === "string" ? spec.nodeName : null;
}
