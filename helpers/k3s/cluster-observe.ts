/**
 * What the cluster says about itself, read with kubectl in the sandbox: readiness observations for
 * readiness.ts and the state of one pod. The JSON parsing is pure and unit-tested.
 */
import type { ReadinessObservation } from "./readiness.js";
import { kubectl, type Runner } from "./runner.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const items = (json: unknown): Obj[] => (isObj(json) && Array.isArray(json.items) ? json.items.filter(isObj) : []);
const name = (o: Obj): string => String(isObj(o.metadata) ? (o.metadata.name ?? "") : "");
const conditionTrue = (o: Obj, type: string): boolean =>
  isObj(o.status) &&
  Array.isArray(o.status.conditions) &&
  o.status.conditions.some((c) => isObj(c) && c.type === type && c.status === "True");

/** `kubectl get nodes -o json` to names and Ready. */
export function parseNodes(json: unknown): ReadinessObservation["nodes"] {
  return items(json).map((n) => ({ name: name(n), ready: conditionTrue(n, "Ready") }));
}

/** `kubectl get pods -o json` to namespace, name and Ready. */
export function parsePods(json: unknown): ReadinessObservation["pods"] {
  return items(json).map((p) => ({
    namespace: String(isObj(p.metadata) ? (p.metadata.namespace ?? "") : ""),
    name: name(p),
    ready: conditionTrue(p, "Ready"),
  }));
}

export interface PodState {
  phase: string;
  scheduled: boolean;
  /** Reasons of waiting containers (`ContainerCreating`, ...). */
  waiting: string[];
}

/** `kubectl get pod NAME -o json` to phase, PodScheduled and waiting reasons. */
export function parsePodState(json: unknown): PodState {
  const p = isObj(json) ? json : {};
  const status = isObj(p.status) ? p.status : {};
  const statuses = Array.isArray(status.containerStatuses) ? status.containerStatuses.filter(isObj) : [];
  const waiting = statuses.flatMap((c) =>
    isObj(c.state) && isObj(c.state.waiting) ? [String(c.state.waiting.reason ?? "")] : [],
  );
  return { phase: String(status.phase ?? ""), scheduled: conditionTrue(p, "PodScheduled"), waiting };
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

/** What an observation reads besides /readyz (each read is a kubectl run in the sandbox). */
export interface ObservationParts {
  nodes: boolean;
  pods: boolean;
}

/**
 * Why: one readiness observation; throws while the API does not answer (readiness treats it as not yet). Nodes
 * and pods are read only when asked for and once /readyz is ok: each kubectl run costs about 0.3 s of CPU in a
 * sandbox (measured), and a poll every 2 s that read all three cost a booting cluster seconds of CPU it needs.
 */
export async function observeReadiness(
  run: Runner,
  parts: ObservationParts = { nodes: true, pods: true },
): Promise<ReadinessObservation> {
  const readyz = await kubectl(run, "GET /readyz", ["get", "--raw=/readyz"], { timeoutMs: 15_000 });
  if (readyz.exitCode !== 0) throw new Error(`/readyz: ${readyz.stderr.trim() || `exit ${readyz.exitCode}`}`);
  const apiReady = readyz.stdout.trim() === "ok";
  const read = async (label: string, args: string[]): Promise<unknown> =>
    parse((await kubectl(run, label, args, { timeoutMs: 15_000 })).stdout);
  return {
    apiReady,
    nodes: apiReady && parts.nodes ? parseNodes(await read("nodes", ["get", "nodes", "-o", "json"])) : [],
    pods:
      apiReady && parts.pods
        ? parsePods(await read("kube-system pods", ["get", "pods", "-n", "kube-system", "-o", "json"]))
        : [],
  };
}
