/**
 * k3s/service-networking-fails, judged from what the Service experiment saw, layer by layer in the order a
 * request meets them. Pure, so every answer is unit-tested on recorded observations.
 */
import type { ProbeResult } from "../../helpers/finding/probe.js";

/** The layers of Service networking with endpoints, in the order a request meets them. */
export const SERVICE_LAYERS = [
  { id: "pod-network", what: "pod network (CNI add)" },
  { id: "endpoints", what: "endpoints" },
  { id: "kube-proxy", what: "kube-proxy rules" },
  { id: "clusterip-from-node", what: "ClusterIP from the node" },
  { id: "clusterip-from-pod", what: "ClusterIP from a second pod" },
  { id: "dns", what: "DNS name through CoreDNS" },
] as const;
export type ServiceLayerId = (typeof SERVICE_LAYERS)[number]["id"];

export interface ServiceLayer {
  id: ServiceLayerId;
  /** works / fails: measured; not-measured: an earlier layer or step kept it from being asked. */
  outcome: "works" | "fails" | "not-measured";
  /** One line: the answer, the error, or why it was not asked. */
  detail: string;
}

export interface ServiceObservation {
  /** Why the cluster could not be asked (`the cluster was not ready: ...`), or null. */
  clusterNotReady: string | null;
  /**
   * Why no pod can run in this cell for a reason other than the pod network (the pod experiment's answer: its
   * sandbox or container failed on cgroups), or null where pods run.
   */
  podsDoNotRun: string | null;
  layers: readonly ServiceLayer[];
}

const whatOf = (id: ServiceLayerId): string => SERVICE_LAYERS.find((l) => l.id === id)?.what ?? id;
const line = (l: ServiceLayer): string => `${whatOf(l.id)}: ${l.detail}`;

/**
 * The log's claim is that Service networking with endpoints needs worker nodes: it holds when a layer of the
 * path fails (the first one is named, with the later layers that were still measured); it does not hold when
 * every layer works (the Service answers through its ClusterIP from the node and from a second pod, and its
 * name resolves); it is blocked when the cluster or its pods could not be had, or a layer could not be asked
 * and none failed.
 */
export function judgeServiceNetworking(o: ServiceObservation): ProbeResult {
  if (o.clusterNotReady) return { verdict: "blocked", summary: o.clusterNotReady };
  if (o.podsDoNotRun)
    return { verdict: "blocked", summary: `no pod runs in this cell, on any network: ${o.podsDoNotRun}` };
  const counts = { works: 0, fails: 0, "not-measured": 0 };
  for (const l of o.layers) counts[l.outcome] += 1;
  const stats = { trials: o.layers.length, counts };
  const failed = o.layers.filter((l) => l.outcome === "fails");
  const first = failed[0];
  if (first) {
    const after = o.layers.filter((l) => l !== first && l.outcome !== "not-measured");
    const rest = after.length > 0 ? `; also measured: ${after.map(line).join("; ")}` : "";
    return { verdict: "holds", summary: `stopped at ${line(first)}${rest}`, stats };
  }
  const missing = SERVICE_LAYERS.filter(
    (want) => !o.layers.some((l) => l.id === want.id && l.outcome === "works"),
  );
  if (missing.length === 0)
    return {
      verdict: "does-not-hold",
      summary: `the Service answers with endpoints: ${o.layers.map(line).join("; ")}`,
      stats,
    };
  const why = o.layers.filter((l) => l.outcome === "not-measured");
  return {
    verdict: "blocked",
    summary:
      `no layer failed, but ${missing.map((m) => m.what).join(", ")} could not be measured` +
      (why.length > 0 ? `: ${why.map(line).join("; ")}` : ""),
    stats,
  };
}

/**
 * The client pod's log (manifests.serviceClientScript) to its two layers; a log without the line is not an
 * answer (the pod did not run its script to the end): not measured.
 */
export function clientLayers(log: string | null, why: string): ServiceLayer[] {
  const find = (key: string): ServiceLayer["outcome"] | null => {
    const m = new RegExp(`^${key} (ok|failed)`, "m").exec(log ?? "");
    return m ? (m[1] === "ok" ? "works" : "fails") : null;
  };
  const detail = (key: string): string =>
    new RegExp(`^${key} (?:ok|failed) ?(.*)$`, "m")
      .exec(log ?? "")?.[1]
      ?.trim()
      .slice(0, 300) || "(no output)";
  const layer = (id: ServiceLayerId, key: string): ServiceLayer => {
    const outcome = find(key);
    return outcome
      ? { id, outcome, detail: outcome === "works" ? `answered: ${detail(key)}` : `no answer: ${detail(key)}` }
      : { id, outcome: "not-measured", detail: why };
  };
  return [layer("clusterip-from-pod", "clusterip"), layer("dns", "dns")];
}

/** A pod's sandbox failure, when the pod network is what failed (CNI add), as the CRI reports it. */
export function podNetworkFailure(message: string): boolean {
  return /failed to setup network for sandbox|plugin type="[^"]+" failed \(add\)|\bcni\b.*(not initialized|failed)/i.test(
    message,
  );
}
