/**
 * The Service experiment of k3s/service-networking-fails, on a cell's started cluster after its pod experiment:
 * a web server on the pod network behind a ClusterIP Service, asked through the ClusterIP from the node and from
 * a second pod, and by its DNS name through CoreDNS; plus the same server on the host network behind a Service
 * of its own, whose endpoint is the node's IP: the ClusterIP path (kube-proxy's rules) is then measured even
 * where the pod network fails. Each layer is recorded with its evidence; judge-service.ts decides.
 */
import { ProbeContext } from "../../helpers/finding/probe.js";
import { eventsFromKubectlJson, latestSandboxFailure } from "../../helpers/k3s/event-classify.js";
import { currentCluster } from "../../helpers/k3s/host-probes.js";
import * as m from "../../helpers/k3s/manifests.js";
import { kubectl, firstLine, quietRunner, type Runner } from "../../helpers/k3s/runner.js";
import { parsePodState } from "../../helpers/k3s/cluster-observe.js";
import type { ProvidedCell } from "../../helpers/sandbox/provided-cell.js";
import { clientLayers, podNetworkFailure, type ServiceLayer, type ServiceObservation } from "./judge-service.js";

const NS = ["-n", m.POD_NS];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};
const say = (cell: ProvidedCell, line: string): void =>
  void process.stdout.write(`[k3s] ${cell.id}: service: ${line}\n`);

/** How long each wait lasts (the pod deadline bounds the backends' start). */
export interface ServiceTimings {
  podDeadlineMs: number;
  /** kube-proxy syncs at start and retries a failed sync after 30 s: one retry fits. */
  rulesDeadlineMs: number;
  endpointsDeadlineMs: number;
  clientSeconds: number;
}
export const SERVICE_TIMINGS: Omit<ServiceTimings, "podDeadlineMs"> = {
  rulesDeadlineMs: 40_000,
  endpointsDeadlineMs: 20_000,
  clientSeconds: 20,
};

/** The experiment's bound over all its waits (the k3s tier's backstop adds it per cell). */
export const SERVICE_BUDGET_MS = (podDeadlineMs: number): number =>
  2 * podDeadlineMs +
  SERVICE_TIMINGS.endpointsDeadlineMs +
  SERVICE_TIMINGS.rulesDeadlineMs +
  SERVICE_TIMINGS.clientSeconds * 1000 +
  60_000;

interface PodOutcome {
  running: boolean;
  ip: string | null;
  /** The latest FailedCreatePodSandBox message, or a container's start error. */
  failure: string | null;
}

/** Polls a pod until it runs, its sandbox failed twice, it ended, or the deadline passed. */
async function waitForPod(quiet: Runner, name: string, deadlineMs: number): Promise<PodOutcome> {
  const t0 = Date.now();
  for (;;) {
    const json = parse((await kubectl(quiet, "pod", ["get", "pod", name, ...NS, "-o", "json"])).stdout);
    const state = parsePodState(json);
    const ip = (json as { status?: { podIP?: string } } | null)?.status?.podIP ?? null;
    const events = eventsFromKubectlJson(
      parse(
        (
          await kubectl(quiet, "events", [
            "get",
            "events",
            ...NS,
            `--field-selector=involvedObject.name=${name}`,
            "-o",
            "json",
          ])
        ).stdout,
      ),
    );
    const failure = latestSandboxFailure(events);
    // A sandbox that failed at CNI add is the pod network's answer; other failures get the kubelet's retry.
    const networkFailed = failure !== null && podNetworkFailure(failure.event.message);
    const failedTwice =
      events.filter((e) => e.reason === "FailedCreatePodSandBox").reduce((n, e) => n + (e.count ?? 1), 0) >= 2;
    const ended = state.phase === "Failed" || state.phase === "Succeeded";
    if (state.phase === "Running" || ended || networkFailed || failedTwice || Date.now() - t0 >= deadlineMs)
      return {
        running: state.phase === "Running",
        ip,
        failure: failure?.event.message ?? (ended ? `pod ${state.phase}` : null),
      };
    await sleep(3_000);
  }
}

/** The ready addresses of a Service's EndpointSlices. */
export function readyAddresses(json: unknown): string[] {
  const items = (
    json as { items?: { endpoints?: { addresses?: string[]; conditions?: { ready?: boolean } }[] }[] } | null
  )?.items;
  return (items ?? []).flatMap((s) =>
    (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses ?? []),
  );
}

async function endpointsOf(quiet: Runner, service: string, deadlineMs: number): Promise<string[]> {
  const t0 = Date.now();
  for (;;) {
    const r = await kubectl(quiet, "endpointslices", [
      "get",
      "endpointslices",
      ...NS,
      "-l",
      `kubernetes.io/service-name=${service}`,
      "-o",
      "json",
    ]);
    const addresses = readyAddresses(parse(r.stdout));
    if (addresses.length > 0 || Date.now() - t0 >= deadlineMs) return addresses;
    await sleep(2_000);
  }
}

const clusterIpOf = async (ctx: ProbeContext, service: string): Promise<string | null> => {
  const r = await kubectl(ctx, `${service}: its ClusterIP`, [
    "get",
    "service",
    service,
    ...NS,
    "-o",
    "jsonpath={.spec.clusterIP}",
  ]);
  return /^\d+\.\d+\.\d+\.\d+$/.test(r.stdout.trim()) ? r.stdout.trim() : null;
};

/**
 * Waits for kube-proxy's rules for `clusterIp` in the nat table (kube-proxy's own iptables backend), or its log's
 * failed sync, or its exit; returns the layer.
 */
async function kubeProxyLayer(
  ctx: ProbeContext,
  quiet: Runner,
  clusterIp: string,
  deadlineMs: number,
): Promise<ServiceLayer> {
  const t0 = Date.now();
  const cluster = currentCluster();
  for (;;) {
    const rules = await quiet.sh(
      "nat rules",
      `iptables-save -t nat 2>&1 | grep -F -- '-d ${clusterIp}/32' | head -n 3`,
    );
    if (rules.exitCode === 0 && rules.stdout.trim() !== "") {
      ctx.evidence.exec(`kube-proxy's nat rules for ${clusterIp}`, rules);
      return {
        id: "kube-proxy",
        outcome: "works",
        detail: `the nat table sends ${clusterIp} on: ${firstLine(rules)}`,
      };
    }
    const log = await quiet.sh("kube-proxy log", cluster.kubeProxyLogScript(400));
    const failed =
      /Sync failed|Failed to execute iptables-restore|Failed to ensure chain jumps|proxier.go.*error/i.test(
        log.stdout,
      );
    if ((failed && Date.now() - t0 >= 5_000) || Date.now() - t0 >= deadlineMs) {
      await ctx.sh("the nat table (iptables-save -t nat)", "iptables-save -t nat 2>&1 | head -n 60");
      await ctx.sh("kube-proxy's log (last 40 lines)", cluster.kubeProxyLogScript(40));
      return {
        id: "kube-proxy",
        outcome: "fails",
        detail:
          kubeProxyError(log.stdout) ??
          `no nat rule for ${clusterIp} after ${Math.round((Date.now() - t0) / 1000)} s`,
      };
    }
    await sleep(3_000);
  }
}

/**
 * kube-proxy's failed sync, in one line: its error line joined with the iptables message klog prints under it
 * (`err=<` ... `>`), the first message that names what the kernel refused.
 */
export function kubeProxyError(log: string): string | null {
  const lines = log.split("\n");
  // The error of a failed sync (not, say, the nfacct metrics kube-proxy does without): the last one logged, the
  // IPv4 one where there is one (the ClusterIP measured is IPv4; klog's block ends `> ipFamily="IPv4" ...`).
  const failed = (l: string) =>
    /^E\d{4} .*(Failed to ensure|Failed to execute iptables-restore|Sync failed)/.test(l);
  const ipv4 = (i: number) =>
    lines
      .slice(i + 1)
      .find((l) => /^\s*>/.test(l) || /^[IEWF]\d{4} /.test(l))
      ?.includes('ipFamily="IPv4"') ?? false;
  const failures = lines.flatMap((l, i) => (failed(l) ? [i] : []));
  const at = failures.filter(ipv4).at(-1) ?? failures.at(-1) ?? -1;
  if (at < 0) return null;
  const head = (lines[at] ?? "").replace(/^E\d{4} [\d:.]+\s+\d+ /, "").replace(/ err=<$/, "");
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!/^\s/.test(l) || /^\s*>/.test(l)) break;
    body.push(l.trim());
  }
  const refused = body.filter((b) => /not supported|Invalid argument|No such file|Couldn't load|failed/i.test(b));
  return `${head}: ${(refused.length > 0 ? refused : body).join(" ")}`.slice(0, 400);
}

/**
 * A CNI failure in one line: the plugin's own error, without the CRI's wrapping (`Failed to create pod sandbox:
 * rpc error: ... failed to setup network for sandbox "<id>": `).
 */
export function cniError(message: string): string {
  const one = message.replace(/\s+/g, " ").trim();
  const at = one.search(/plugin type="/);
  return (at >= 0 ? one.slice(at) : one).slice(0, 300);
}

/** One HTTP GET of the ClusterIP from the node (the sandbox's own network namespace), a few tries. */
async function fromNode(ctx: ProbeContext, clusterIp: string, want: string): Promise<ServiceLayer> {
  const r = await ctx.sh(
    `GET http://${clusterIp}/ from the node`,
    // wget's own -T crashes Debian's busybox 1.35 (SIGSEGV, measured): timeout(1) bounds it.
    `for i in 1 2 3; do out=$(timeout 5 busybox wget -q -O - http://${clusterIp}/ 2>&1) && { echo "$out"; exit 0; }; ` +
      `sleep 1; done; echo "\${out:-no answer within 5 s}" >&2; exit 1`,
    { timeoutMs: 30_000 },
  );
  return r.exitCode === 0 && r.stdout.includes(want)
    ? { id: "clusterip-from-node", outcome: "works", detail: `${clusterIp} answered "${r.stdout.trim()}"` }
    : { id: "clusterip-from-node", outcome: "fails", detail: `${clusterIp}: ${firstLine(r)}` };
}

export interface ServiceRun {
  observation: ServiceObservation;
  ctx: ProbeContext;
}

/**
 * The experiment. `podsDoNotRun` is the pod experiment's answer where no pod ran (then nothing is created here);
 * `clusterNotReady` where the cluster could not be asked.
 */
export async function runServiceExperiment(
  cell: ProvidedCell,
  images: m.PodImages,
  t: ServiceTimings,
  gate: { clusterNotReady: string | null; podsDoNotRun: string | null },
): Promise<ServiceRun> {
  const ctx = new ProbeContext(cell);
  const quiet = quietRunner(cell.containerId);
  const done = (layers: ServiceLayer[]) => ({ ctx, observation: { ...gate, layers } });
  if (gate.clusterNotReady || gate.podsDoNotRun) return done([]);
  const cluster = currentCluster();
  const layers: ServiceLayer[] = [];
  const t0 = Date.now();
  say(cell, "backends, Services and kube-proxy");
  await kubectl(ctx, "create the backends and their Services", ["apply", "-f", "-"], {
    input: m.toInput(...m.serviceBackends(images)),
  });
  if (cluster.startKubeProxy)
    await ctx.exec("start kube-proxy", [...cluster.startKubeProxy], { timeoutMs: 60_000 });
  const [web, hostWeb] = await Promise.all([
    waitForPod(quiet, m.SERVICE.web, t.podDeadlineMs),
    waitForPod(quiet, m.SERVICE.hostWeb, t.podDeadlineMs),
  ]);
  await kubectl(ctx, "the backends", ["get", "pods", ...NS, "-o", "wide"]);
  ctx.evidence.json("backends", { [m.SERVICE.web]: web, [m.SERVICE.hostWeb]: hostWeb });

  // 1. The pod network: the backend on it got a sandbox and an IP.
  const onPodNetwork = web.running && web.ip !== null;
  if (onPodNetwork)
    layers.push({ id: "pod-network", outcome: "works", detail: `${m.SERVICE.web} runs at ${web.ip}` });
  else if (web.failure && podNetworkFailure(web.failure))
    layers.push({ id: "pod-network", outcome: "fails", detail: cniError(web.failure) });
  else {
    await kubectl(ctx, `describe ${m.SERVICE.web}`, ["describe", "pod", m.SERVICE.web, ...NS]);
    layers.push({
      id: "pod-network",
      outcome: "not-measured",
      detail: `${m.SERVICE.web} did not run, for no reason of the pod network: ${web.failure ?? "not Running by the deadline"}`,
    });
  }
  // Past a failed pod network, the host-network backend stands in (its endpoint is the node's IP).
  const service = onPodNetwork ? m.SERVICE.web : m.SERVICE.hostWeb;
  const backendRuns = onPodNetwork || hostWeb.running;
  const via = onPodNetwork ? "" : ` (the host-network backend, past the failed pod network)`;

  // 2. Endpoints.
  const addresses = backendRuns ? await endpointsOf(quiet, service, t.endpointsDeadlineMs) : [];
  await kubectl(ctx, "the EndpointSlices", ["get", "endpointslices", ...NS, "-o", "wide"]);
  if (!backendRuns)
    layers.push({
      id: "endpoints",
      outcome: "not-measured",
      detail: `no backend runs: ${hostWeb.failure ?? "not Running"}`,
    });
  else
    layers.push(
      addresses.length > 0
        ? {
            id: "endpoints",
            outcome: "works",
            detail: `${service} has ready endpoints ${addresses.join(", ")}${via}`,
          }
        : {
            id: "endpoints",
            outcome: "fails",
            detail: `${service} has no ready endpoint after ${t.endpointsDeadlineMs / 1000} s${via}`,
          },
    );

  // 3. kube-proxy's rules for the ClusterIP; 4. the ClusterIP from the node.
  const clusterIp = await clusterIpOf(ctx, service);
  const want = m.serviceAnswer(service);
  if (!clusterIp || addresses.length === 0) {
    const why = clusterIp ? "no endpoint to send it to" : `${service} has no ClusterIP`;
    layers.push({ id: "kube-proxy", outcome: "not-measured", detail: why });
    layers.push({ id: "clusterip-from-node", outcome: "not-measured", detail: why });
  } else {
    say(cell, `kube-proxy's rules for ${clusterIp}, then GET from the node`);
    layers.push(await kubeProxyLayer(ctx, quiet, clusterIp, t.rulesDeadlineMs));
    layers.push(await fromNode(ctx, clusterIp, want));
  }

  // 5 and 6: a second pod asks the ClusterIP and the name (needs the pod network).
  if (!onPodNetwork || !clusterIp) {
    const why = !onPodNetwork ? "no pod runs on the pod network" : `${m.SERVICE.web} has no ClusterIP`;
    layers.push(...clientLayers(null, why));
  } else {
    say(cell, "the second pod asks the ClusterIP and the name");
    await kubectl(ctx, "create the second pod", ["apply", "-f", "-"], {
      input: m.toInput(m.serviceClient(images, clusterIp, t.clientSeconds)),
    });
    const client = await waitForEnd(quiet, m.SERVICE.client, t.podDeadlineMs + t.clientSeconds * 1000);
    const logs = await kubectl(ctx, `${m.SERVICE.client}'s log`, ["logs", m.SERVICE.client, ...NS]);
    await kubectl(ctx, `${m.SERVICE.client}'s resolv.conf and state`, [
      "get",
      "pod",
      m.SERVICE.client,
      ...NS,
      "-o",
      "wide",
    ]);
    layers.push(
      ...clientLayers(
        logs.exitCode === 0 ? logs.stdout : null,
        `${m.SERVICE.client} printed no answer (${client}; logs: ${logs.exitCode === 0 ? "empty" : firstLine(logs)})`,
      ),
    );
  }
  ctx.evidence.json("layers", layers);
  say(cell, `done in ${Math.round((Date.now() - t0) / 1000)} s`);
  return done(layers);
}

/** Polls a run-to-completion pod until it ended or the deadline passed; returns its last phase. */
async function waitForEnd(quiet: Runner, name: string, deadlineMs: number): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const state = parsePodState(
      parse((await kubectl(quiet, "pod", ["get", "pod", name, ...NS, "-o", "json"])).stdout),
    );
    if (state.phase === "Succeeded" || state.phase === "Failed") return state.phase;
    if (Date.now() - t0 >= deadlineMs)
      return `still ${state.phase || "unknown"} after ${Math.round(deadlineMs / 1000)} s`;
    await sleep(3_000);
  }
}
