/**
 * The live probes of the k3s findings: they drive k3s in the cell's sandbox through kubectl, record what
 * they saw, and leave the decision to judge-k3s.ts. Reached only where the k3s tier is available.
 */
import type { Probe, ProbeContext } from "../../helpers/finding/probe.js";
import { observeReadiness, parsePodState, type PodState } from "../../helpers/k3s/cluster-observe.js";
import { eventsFromKubectlJson, latestSandboxFailure } from "../../helpers/k3s/event-classify.js";
import { K3S_KUBECONFIG_PATH, redactKubeconfig, validateKubeconfig } from "../../helpers/k3s/kubeconfig.js";
import * as m from "../../helpers/k3s/manifests.js";
import { waitForReadiness, type ReadinessResult, type Requirement } from "../../helpers/k3s/readiness.js";
import { kubectl, quietRunner, type Runner } from "../../helpers/k3s/runner.js";
import { K3S_NODE_NAME, type K3sMode } from "../../helpers/k3s/server-args.js";
import { K3S_LOG, type K3sServer, type K3sSessions } from "../../helpers/k3s/server-session.js";
import { watchStability, type StabilitySample } from "../../helpers/k3s/stability.js";
import type { K3sTimings } from "../../helpers/k3s/timings.js";
import { runControlPlaneChecks } from "./control-plane-checks.js";
import { judgeControlPlane, judgePodSandbox, judgeServerStable } from "./judge-k3s.js";

const EVENTS_OF_POD = "--field-selector=involvedObject.name=gvc-sandbox";
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

async function ready(ctx: ProbeContext, quiet: Runner, t: K3sTimings, mode: K3sMode): Promise<ReadinessResult> {
  const result = await waitForReadiness({
    requirements: readinessFor(mode),
    observe: () => observeReadiness(quiet),
    deadlineMs: t.readyDeadlineMs,
    intervalMs: 2_000,
    onProgress: (e) =>
      say(ctx, e.kind === "met" ? `${e.requirement} after ${Math.round(e.atMs / 1000)} s` : e.error),
  });
  ctx.evidence.json("readiness", result);
  await observeReadiness(ctx).catch((e: unknown) => ctx.evidence.text("last readiness observation", String(e)));
  if (!result.ready) await ctx.sh("k3s log, last 60 lines", `tail -n 60 ${K3S_LOG}`);
  return result;
}

async function start(ctx: ProbeContext, sessions: K3sSessions, t: K3sTimings, mode: K3sMode = "with-agent") {
  const quiet = quietRunner(ctx.cell.containerId);
  const server = await sessions.ensure(ctx, ctx.cell.containerId, mode);
  ctx.evidence.text(`k3s server argv (${mode})`, server.argv.join(" "));
  return { quiet, server, ready: await ready(ctx, quiet, t, mode) };
}

async function sample(quiet: Runner, server: K3sServer): Promise<Omit<StabilitySample, "atMs">> {
  const processAlive = (await quiet.exec("alive", ["kill", "-0", String(server.pid)])).exitCode === 0;
  const t0 = performance.now();
  const r = await kubectl(quiet, "readyz", ["get", "--raw=/readyz"], { timeoutMs: 15_000 });
  const apiOk = r.exitCode === 0 && r.stdout.trim() === "ok";
  const latencyMs = apiOk ? Math.round(performance.now() - t0) : null;
  return { processAlive, apiOk, latencyMs, ...(apiOk ? {} : { detail: r.stderr.trim() }) };
}

async function recordServerFiles(ctx: ProbeContext, quiet: Runner): Promise<void> {
  await ctx.sh("k3s log, last 60 lines", `tail -n 60 ${K3S_LOG}`);
  const config = await quiet.exec("kubeconfig", ["cat", K3S_KUBECONFIG_PATH]);
  ctx.evidence.text(`${K3S_KUBECONFIG_PATH} (keys redacted)`, redactKubeconfig(config.stdout));
  ctx.evidence.json("kubeconfig check", validateKubeconfig(config.stdout));
}

/** Why: the three probes share one server per cell (see K3sSessions) and one set of timings. */
export function k3sProbes(
  sessions: K3sSessions,
  t: K3sTimings,
  cpMode: K3sMode,
): Record<"serverStable" | "controlPlane" | "podSandbox", Probe> {
  const serverStable: Probe = async (ctx) => {
    const { quiet, server, ready: r } = await start(ctx, sessions, t);
    const samples = r.ready
      ? await watchStability({
          sample: () => sample(quiet, server),
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
      ? await runControlPlaneChecks({ run: ctx, quiet, record: (label, rec) => ctx.evidence.exec(label, rec) })
      : [];
    ctx.evidence.json("capabilities", results);
    return judgeControlPlane(r, results);
  };

  const podSandbox: Probe = async (ctx) => {
    const { quiet, ready: r } = await start(ctx, sessions, t);
    const observation = { scheduled: false, containerCreating: false, running: false, failure: null, waitedMs: 0 };
    if (!r.ready) return judgePodSandbox({ ...observation, faker: ctx.cell.faker });
    await kubectl(ctx, "untaint the node as the log did", [
      "taint",
      "nodes",
      K3S_NODE_NAME,
      "node.kubernetes.io/not-ready:NoSchedule-",
    ]);
    await kubectl(ctx, "create the pod", ["apply", "-f", "-"], {
      input: m.toInput(m.namespace(), m.sandboxPod()),
    });
    const seen = await watchPod(quiet, t.podDeadlineMs);
    await kubectl(ctx, "the pod", ["get", "pod", "gvc-sandbox", "-n", m.PROBE_NS, "-o", "json"]);
    await kubectl(ctx, "describe the pod", ["describe", "pod", "gvc-sandbox", "-n", m.PROBE_NS]);
    await kubectl(ctx, "the pod's events", ["get", "events", "-n", m.PROBE_NS, EVENTS_OF_POD, "-o", "json"]);
    ctx.evidence.json("sandbox failure, classified", seen.failure);
    await kubectl(quiet, "cleanup", ["delete", "namespace", m.PROBE_NS, "--wait=false"]);
    return judgePodSandbox({ ...seen, faker: ctx.cell.faker });
  };

  return { serverStable, controlPlane, podSandbox };
}

/** Polls the pod and its events until it runs, its sandbox fails, or the deadline passes. */
async function watchPod(quiet: Runner, deadlineMs: number) {
  const t0 = Date.now();
  let state: PodState = { phase: "", scheduled: false, waiting: [] };
  let containerCreating = false;
  for (;;) {
    state = parsePodState(
      parse((await kubectl(quiet, "pod", ["get", "pod", "gvc-sandbox", "-n", m.PROBE_NS, "-o", "json"])).stdout),
    );
    containerCreating ||= state.waiting.includes("ContainerCreating");
    const events = eventsFromKubectlJson(
      parse(
        (await kubectl(quiet, "events", ["get", "events", "-n", m.PROBE_NS, EVENTS_OF_POD, "-o", "json"])).stdout,
      ),
    );
    const failure = latestSandboxFailure(events);
    const waitedMs = Date.now() - t0;
    const running = state.phase === "Running";
    if (running || failure || waitedMs >= deadlineMs)
      return { scheduled: state.scheduled, containerCreating, running, failure, waitedMs };
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}
