/**
 * The live probes of the k3s findings: they drive the cluster (k3s, or upstream Kubernetes built from source)
 * in the cell's sandbox through kubectl, record what they saw, and leave the decision to judge-k3s.ts.
 * Reached only where the k3s tier is available.
 */
import type { EvidenceItem } from "../../helpers/finding/evidence.js";
import { ProbeContext, type FailedStep, type Probe, type ProbeResult } from "../../helpers/finding/probe.js";
import { observeReadiness, parsePodState } from "../../helpers/k3s/cluster-observe.js";
import {
  eventsFromKubectlJson,
  latestSandboxFailure,
  sandboxFailureCount,
  type SandboxFailure,
} from "../../helpers/k3s/event-classify.js";
import { currentCluster, currentK3sTier } from "../../helpers/k3s/host-probes.js";
import { redactKubeconfig, validateKubeconfig } from "../../helpers/k3s/kubeconfig.js";
import { summarizeReadinessError } from "../../helpers/k3s/readyz-summary.js";
import * as m from "../../helpers/k3s/manifests.js";
import { waitForReadiness, type ReadinessResult, type Requirement } from "../../helpers/k3s/readiness.js";
import { kubectl, quietRunner, type Runner } from "../../helpers/k3s/runner.js";
import { K3S_NODE_NAME, type K3sMode } from "../../helpers/k3s/server-args.js";
import { ClusterStartError, type K3sServer, type K3sSessions } from "../../helpers/k3s/server-session.js";
import { watchStability, type StabilitySample } from "../../helpers/k3s/stability.js";
import type { K3sTimings } from "../../helpers/k3s/timings.js";
import { FAKER_LOG } from "../../helpers/sandbox/faker-daemon.js";
import { idleCells } from "../../helpers/sandbox/idle-freezer.js";
import { mapSettled } from "../../helpers/sandbox/map-settled.js";
import type { ProvidedCell } from "../../helpers/sandbox/provided-cell.js";
import { runControlPlaneChecks } from "./control-plane-checks.js";
import { classifyRuntimeError, type ClassifiedRuntimeError } from "../../helpers/probes/runtime-error-class.js";
import { describeFakerOnPod } from "./faker-beside-pod.js";
import { judgeServiceNetworking } from "./judge-service.js";
import { runServiceExperiment, SERVICE_TIMINGS } from "./service-experiment.js";
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

/**
 * With the agent, ready also means the node registered (not Ready: in the log it never was, without a CNI; here it
 * is Ready once the pod network's CNI config is in place, start-cluster.sh).
 */
const readinessFor = (mode: K3sMode): Requirement[] =>
  mode === "with-agent" ? [{ kind: "api" }, { kind: "node-registered", node: K3S_NODE_NAME }] : [{ kind: "api" }];

/** Only what the requirements need is read in each poll. */
const partsFor = (requirements: readonly Requirement[]) => ({
  nodes: requirements.some((r) => r.kind === "node-registered" || r.kind === "node-ready"),
  pods: requirements.some((r) => r.kind === "pod-ready"),
});

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
    observe: () => observeReadiness(quiet, partsFor(readinessFor(mode))),
    ended: async () => {
      const r = await quiet.sh("ended?", currentCluster().endedScript(server.pid));
      return r.exitCode === 0 ? r.stdout.trim() || null : null; // a failed exec says nothing about the server
    },
    deadlineMs: t.readyDeadlineMs,
    intervalMs: 2_000,
    // Progress: what was met, and each new error once, in a line (a booting API server repeats the same one).
    onProgress: (e) => {
      if (e.kind === "met") return say(ctx, `${e.requirement} after ${Math.round(e.atMs / 1000)} s`);
      const line = summarizeReadinessError(e.error);
      if (line !== lastError) say(ctx, `waiting (${Math.round(e.atMs / 1000)} s): ${line}`);
      lastError = line;
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

/** A started (or failed) cluster: its evidence so far, and what the parts of the cell's run need of it. */
interface StartPart {
  ctx: ProbeContext;
  quiet: Runner;
  server: K3sServer;
  ready: ReadinessResult;
}

async function start(
  ctx: ProbeContext,
  sessions: K3sSessions,
  t: K3sTimings,
  mode: K3sMode = "with-agent",
  addons = true,
): Promise<StartPart> {
  const quiet = quietRunner(ctx.cell.containerId);
  ctx.evidence.text("cluster source", currentK3sTier().summary);
  const server = await sessions.ensure(ctx, ctx.cell, mode, addons);
  ctx.evidence.text(`${currentCluster().kind} server argv (${mode})`, server.argv.join(" "));
  return { ctx, quiet, server, ready: await ready(ctx, quiet, t, mode, server) };
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

/** Which parts of a cell's run the selected findings need. */
export interface TierWants {
  stable: boolean;
  controlPlane: boolean;
  pods: boolean;
  /** k3s/service-networking-fails (cluster cells): runs after the pod experiment, which it needs. */
  service: boolean;
}

/** One part of a cell's run: the start's evidence and its own, and its verdict. */
interface Part {
  evidence: EvidenceItem[];
  result: ProbeResult;
  /** Steps of the part that never ran: they block the finding (helpers/finding/check-finding.ts). */
  failedSteps?: FailedStep[];
}

/** A cell's run of the tier, part by part: each finding awaits the part it judges. */
interface CellRun {
  stable: Promise<Part>;
  controlPlane: Promise<Part>;
  pod: Promise<PodExperiment>;
  service: Promise<Part>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a part no finding awaits (not selected) is no unhandled rejection
  return { promise, resolve, reject };
}

/** GVC_K3S_CLUSTERS: how many cells run their cluster at once (default 3). */
export function clustersAtOnce(env: Record<string, string | undefined>): number {
  const raw = env.GVC_K3S_CLUSTERS;
  if (raw === undefined || raw === "") return 3;
  if (!/^\d+$/.test(raw) || Number(raw) === 0)
    throw new Error(`GVC_K3S_CLUSTERS=${raw} is not a whole number > 0`);
  return Number(raw);
}

export interface TierCells {
  cells: readonly ProvidedCell[];
  roleOf: (cell: ProvidedCell) => "cluster" | "pods" | null;
}

/**
 * The tier runs one cell at a time rather than one finding at a time: a cell's cluster starts, is watched for
 * stability while the control-plane checks run against it, runs the pod experiment, and stops. A cluster lives
 * only as long as its cell needs it (measured here: an idle one costs 0.4 of a core), and at most `slots` run
 * at once; every cell of the tier is queued when the first k3s finding runs, cluster cells first. Each finding
 * judges its part of its cell's run, with the start's evidence (readiness, argv, logs) and the part's own.
 */
export function k3sProbes(
  sessions: K3sSessions,
  t: K3sTimings,
  cpMode: K3sMode,
  tier: TierCells,
  wants: TierWants,
  slots: number,
): Record<"serverStable" | "controlPlane" | "podSandbox" | "podNeverRuns" | "service", Probe> {
  const images = m.podImagesFor(currentK3sTier().source);
  const runs = new Map<string, CellRun>();

  const partOf = async (first: StartPart, fn: (ctx: ProbeContext) => Promise<ProbeResult>): Promise<Part> => {
    const ctx = new ProbeContext(first.ctx.cell);
    const result = await fn(ctx);
    return { evidence: [...first.ctx.evidence.items, ...ctx.evidence.items], result };
  };

  const stablePart = (first: StartPart) =>
    partOf(first, async (ctx) => {
      const { quiet, server, ready: r } = first;
      const samples = r.ready
        ? await watchStability({
            sample: () => sample(quiet, sessions, server),
            durationMs: t.stableMs,
            intervalMs: t.sampleIntervalMs,
          })
        : [];
      ctx.evidence.metric("/readyz round trip", {
        name: "readyz",
        unit: "ms",
        values: samples.flatMap((x) => x.latencyMs ?? []),
      });
      ctx.evidence.json("stability samples (taken while the control-plane checks ran)", samples);
      await recordServerFiles(ctx, quiet);
      return judgeServerStable(r, samples, t.stableMs);
    });

  const controlPlanePart = (first: StartPart) =>
    partOf(first, async (ctx) => {
      const { quiet, ready: r } = first;
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
    });

  /** After the pod experiment, whose answer says whether any pod runs in the cell. */
  const servicePart = async (first: StartPart, pod: PodExperiment): Promise<Part> => {
    const gate = {
      clusterNotReady: first.ready.ready ? null : judgePodNeverRuns(pod).summary,
      podsDoNotRun: pod.running ? null : judgePodNeverRuns(pod).summary,
    };
    const run = await runServiceExperiment(
      first.ctx.cell,
      images,
      { ...SERVICE_TIMINGS, podDeadlineMs: t.podDeadlineMs },
      gate,
    );
    if (run.observation.layers.some((l) => l.outcome !== "works")) await recordLogs(run.ctx, 25);
    return {
      evidence: [...first.ctx.evidence.items, ...run.ctx.evidence.items],
      result: judgeServiceNetworking(run.observation),
      failedSteps: run.ctx.failedSteps,
    };
  };

  interface RunParts {
    stable: Deferred<Part>;
    controlPlane: Deferred<Part>;
    pod: Deferred<PodExperiment>;
    service: Deferred<Part>;
  }

  async function runCell(cell: ProvidedCell, role: "cluster" | "pods", parts: RunParts): Promise<void> {
    const cluster = role === "cluster";
    const ownControlPlane = cluster && wants.controlPlane && cpMode !== "with-agent";
    try {
      // A pods cell runs the pod experiment only: no addons (CoreDNS), whose image import and pod cost it CPU.
      const first = await start(new ProbeContext(cell), sessions, t, "with-agent", cluster);
      try {
        await Promise.all([
          cluster && wants.stable ? stablePart(first).then(parts.stable.resolve) : undefined,
          cluster && wants.controlPlane && !ownControlPlane
            ? controlPlanePart(first).then(parts.controlPlane.resolve)
            : undefined,
        ]);
        if (wants.pods || (cluster && wants.service)) {
          const pod = await runPodExperiment(first, images, t);
          parts.pod.resolve(pod);
          if (cluster && wants.service) parts.service.resolve(await servicePart(first, pod));
        }
      } finally {
        await sessions.stop(first.server);
      }
      if (ownControlPlane) {
        // Another mode (GVC_K3S_CONTROL_PLANE_MODE): the control-plane checks get a cluster of their own.
        const other = await start(new ProbeContext(cell), sessions, t, cpMode);
        try {
          parts.controlPlane.resolve(await controlPlanePart(other));
        } finally {
          await sessions.stop(other.server);
        }
      }
    } catch (error) {
      if (!(error instanceof ClusterStartError)) {
        for (const d of [parts.stable, parts.controlPlane, parts.pod, parts.service]) d.reject(error);
        return;
      }
      // Blocked, not an error: the cluster could not be started in this sandbox (as a cluster that dies is).
      const ctx = new ProbeContext(cell);
      ctx.evidence.text("why the cluster did not start", error.message);
      await ctx
        .sh("the sandbox still answers", "echo ok")
        .catch((e: unknown) => ctx.evidence.text("the sandbox still answers", String(e)));
      const result: ProbeResult = { verdict: "blocked", summary: error.message };
      parts.stable.resolve({ evidence: ctx.evidence.items, result });
      parts.controlPlane.resolve({ evidence: ctx.evidence.items, result });
      parts.service.resolve({ evidence: ctx.evidence.items, result });
      parts.pod.resolve({
        ready: {
          ready: false,
          elapsedMs: 0,
          metAtMs: {},
          pending: ["its start"],
          polls: 0,
          lastError: null,
          ended: error.message,
        },
        scheduled: false,
        node: null,
        timeline: [],
        running: false,
        failure: null,
        logs: null,
        exec: null,
        containerCreating: false,
        waitedMs: 0,
        evidence: ctx.evidence.items,
      });
    }
  }

  /** The cell's run; the first call queues every cell of the tier, cluster cells first. */
  const runOf = (cell: ProvidedCell): CellRun => {
    if (runs.size === 0) {
      const queued = tier.cells
        .filter((c) => !c.blocked)
        .flatMap((c) => {
          const role = tier.roleOf(c);
          return role ? [{ cell: c, role }] : [];
        })
        .sort((a, b) => Number(a.role === "pods") - Number(b.role === "pods"));
      const started = queued.map(({ cell: c, role }) => {
        const parts = {
          stable: deferred<Part>(),
          controlPlane: deferred<Part>(),
          pod: deferred<PodExperiment>(),
          service: deferred<Part>(),
        };
        runs.set(c.containerId, {
          stable: parts.stable.promise,
          controlPlane: parts.controlPlane.promise,
          pod: parts.pod.promise,
          service: parts.service.promise,
        });
        return { cell: c, role, parts };
      });
      // At most `slots` clusters at once: each costs a core while it boots, and 0.4 of one while it idles. The
      // whole run is a use of the cell: it is not frozen while its cluster waits or works.
      void mapSettled(started, slots, ({ cell: c, role, parts }) =>
        idleCells.during(c.containerId, () => runCell(c, role, parts)),
      );
    }
    const run = runs.get(cell.containerId);
    if (!run) throw new Error(`${cell.id} is not a cell of the k3s tier (fixtures/cells.json, k3sTier)`);
    return run;
  };

  const judged =
    (part: "stable" | "controlPlane" | "service"): Probe =>
    async (ctx) => {
      const p = await runOf(ctx.cell)[part];
      ctx.evidence.add(p.evidence);
      ctx.failedSteps.push(...(p.failedSteps ?? []));
      return p.result;
    };

  const podSandbox: Probe = async (ctx) => {
    const e = await runOf(ctx.cell).pod;
    ctx.evidence.add(e.evidence);
    // Blocked either way; the summary names the earlier step that failed rather than "not scheduled".
    if (!e.ready.ready) return { verdict: "blocked", summary: judgePodNeverRuns(e).summary };
    const result = judgePodSandbox({ ...e, faker: ctx.cell.faker });
    return e.fakerNote && e.failure ? { ...result, summary: `${result.summary}; ${e.fakerNote}` } : result;
  };

  const podNeverRuns: Probe = async (ctx) => {
    const e = await runOf(ctx.cell).pod;
    ctx.evidence.add(e.evidence);
    return judgePodNeverRuns(e);
  };

  return {
    serverStable: judged("stable"),
    controlPlane: judged("controlPlane"),
    podSandbox,
    podNeverRuns,
    service: judged("service"),
  };
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

/** The log untainted its NotReady node (no CNI) so that pods would be scheduled; so do we (a no-op once Ready). */
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
  /** In a faker cell, what the faker did with the failed sandbox's cgroup directory. */
  fakerNote?: string | null;
  evidence: EvidenceItem[];
}

/** The cell's pod experiment on its started cluster, recorded after the start's evidence. */
async function runPodExperiment(first: StartPart, images: m.PodImages, t: K3sTimings): Promise<PodExperiment> {
  const { quiet, ready: r } = first;
  const ctx = new ProbeContext(first.ctx.cell);
  ctx.evidence.add(first.ctx.evidence.items);
  const base = { ready: r, logs: null, exec: null, evidence: ctx.evidence.items };
  if (!r.ready)
    return {
      ...base,
      scheduled: false,
      node: null,
      timeline: [],
      running: false,
      failure: null,
      startError: null,
      containerCreating: false,
      waitedMs: 0,
    };
  await untaint(ctx);
  await createTestPod(ctx, quiet, images);
  const seen = await watchTestPod(quiet, t.podDeadlineMs);
  ctx.evidence.json("phase timeline (ms since creation)", seen.timeline);
  await kubectl(ctx, "where it runs", ["get", "pod", m.TEST_POD, ...NS, "-o", "wide"]);
  await kubectl(ctx, "describe the pod", ["describe", "pod", m.TEST_POD, ...NS]);
  await kubectl(ctx, "the pod's events", TEST_POD_EVENTS);
  ctx.evidence.json("sandbox failure, classified", seen.failure);
  const fakerNote = await recordFakerBesidePod(ctx, seen.failure);
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
  const containerCreating = seen.timeline.some((e) => e.waiting.includes("ContainerCreating"));
  return { ...base, ...seen, logs, exec, containerCreating, fakerNote };
}

/** In a faker cell, the faker's log for k8s.io directories, and what it did with the failed sandbox's one. */
async function recordFakerBesidePod(ctx: ProbeContext, failure: SandboxFailure | null): Promise<string | null> {
  if (ctx.cell.faker === "none") return null;
  const log = await ctx.sh(
    `faker ${ctx.cell.faker}: its log for k8s.io directories (last 60 lines)`,
    `grep -F 'k8s.io' ${FAKER_LOG} | tail -n 60`,
  );
  return failure ? describeFakerOnPod(log.stdout, failure.event.message) : null;
}

/**
 * Creates the namespace and the test pod. A cluster just started may not have made the namespace's "default"
 * ServiceAccount yet (the controller manager's job; seen on a fresh runc cluster: the pod refused as Forbidden),
 * so that refusal is retried for up to a minute; the last attempt is the evidence.
 */
async function createTestPod(ctx: ProbeContext, quiet: Runner, images: m.PodImages): Promise<void> {
  const input = m.toInput(m.namespace(m.POD_NS), m.testPod(images));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await kubectl(quiet, "create the test pod", ["apply", "-f", "-"], { input });
    const noServiceAccount = r.exitCode !== 0 && /serviceaccount "default" not found/.test(r.stderr);
    if (!noServiceAccount || Date.now() > deadline) {
      ctx.evidence.exec("create the test pod", r);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/**
 * After a sandbox failure the kubelet retries (measured: every 12 to 17 s), and a retry might work: the watch
 * goes on until the retry has failed too, or this long after the first failure.
 */
const AFTER_FAILURE_MS = 30_000;
const FAILED_ATTEMPTS = 2;

/** Polls the test pod, recording each change of state, until it runs, ends, or its sandbox failed again. */
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
    const retryFailed = sandboxFailureCount(events) >= FAILED_ATTEMPTS;
    const running = state.phase === "Running";
    const ended = state.phase === "Failed" || state.phase === "Succeeded";
    const node = nodeOf(json);
    const failedLongEnough = failedAt !== null && (retryFailed || atMs - failedAt >= AFTER_FAILURE_MS);
    if (running || ended || atMs >= deadlineMs || failedLongEnough) {
      const startError = containerStartError(json);
      return { scheduled: state.scheduled, node, timeline, running, failure, startError, waitedMs: atMs };
    }
    // Every 3 s: each poll is two kubectl runs in the sandbox (about 0.3 s of CPU each).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}

/**
 * A container that failed to start after its pod sandbox was created (`StartError` / `RunContainerError` with the
 * runtime's message), classified; null when there is none.
 */
export function containerStartError(json: unknown): ClassifiedRuntimeError | null {
  type State = { reason?: string; message?: string };
  const statuses =
    (json as { status?: { containerStatuses?: { state?: { terminated?: State; waiting?: State } }[] } } | null)
      ?.status?.containerStatuses ?? [];
  for (const st of statuses)
    for (const s of [st.state?.terminated, st.state?.waiting])
      if (s && /^(StartError|RunContainerError|CreateContainerError)$/.test(s.reason ?? "") && s.message)
        return classifyRuntimeError(s.message);
  return null;
}

function nodeOf(json: unknown): string | null {
  const spec = (json as { spec?: { nodeName?: unknown } } | null)?.spec;
  return typeof spec?.nodeName === "string" ? spec.nodeName : null;
}
