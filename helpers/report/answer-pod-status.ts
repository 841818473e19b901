/**
 * What the pod did in one cell, read back from the recorded results of the k3s tier's pod findings (their
 * summaries as suites/k3s/judge-k3s.ts writes them, and their evidence): Running with its logs and exec, or
 * where it stopped and why. Pure; reads with regexes and falls back to the summary text.
 */
import type { EvidenceItem } from "../finding/evidence.js";
import { RUNTIME_ERROR_CLASSES } from "../probes/runtime-error-class.js";
import type { PodLayer, PodStatus, ServiceStatus } from "./answer-model.js";
import type { CellInfo, FindingResult } from "./results-schema.js";
import { firstLine, stripControl } from "./text-format.js";

/** The results one cell has for the pod (null: absent or skipped there). */
export interface PodResults {
  cell: CellInfo | null;
  neverRuns: FindingResult | null;
  sandboxFails: FindingResult | null;
  serverStable: FindingResult | null;
  /** k3s/service-networking-fails (cluster cells only). */
  service?: FindingResult | null;
}

const oneLine = (text: string): string => stripControl(firstLine(text));
const stopped = (layer: PodLayer, errorClass: string, evidence: string): PodStatus => ({
  kind: "stopped",
  layer,
  errorClass,
  evidence: oneLine(evidence),
});

function evidenceOf(r: FindingResult | null, label: string): EvidenceItem | undefined {
  return r?.evidence.find((e) => e.label === label);
}

/** `cell did not start (platform probe): ...` -> a class per start step. */
function sandboxStartStop(blocked: string): PodStatus {
  const m = /^cell did not start \(([^)]+)\): (.*)$/.exec(blocked);
  if (m === null) return stopped("sandbox start", "sandbox-exited", blocked);
  const [, phase = "", reason = ""] = m;
  const errorClass = /^not up within/.test(reason) ? "start-timeout" : `${phase.replace(/\s+/g, "-")}-failed`;
  return stopped("sandbox start", errorClass, `${phase}: ${reason}`);
}

const isRunning = (r: PodResults): boolean =>
  (r.neverRuns?.verdict === "does-not-hold" && /reached Running/.test(r.neverRuns.summary)) ||
  (r.sandboxFails !== null && /the pod is Running/.test(r.sandboxFails.summary));

function execAnswer(r: FindingResult | null, label: string, said: RegExp, failed: RegExp): boolean | null {
  const item = evidenceOf(r, label);
  if (item?.kind === "exec") return item.exec.exitCode === 0;
  if (r === null) return null;
  return said.test(r.summary) ? true : failed.test(r.summary) ? false : null;
}

function runningStatus(r: PodResults): PodStatus {
  const after = /reached Running(?: on node \S+)? after (\d+) s/.exec(r.neverRuns?.summary ?? "")?.[1];
  const logs = execAnswer(r.neverRuns, "kubectl logs", /\blogs: "/, /\bno logs\b/);
  const exec = execAnswer(r.neverRuns, "kubectl exec", /\bexec: "/, /\bexec failed\b/);
  return {
    kind: "runs",
    runningAfterS: after === undefined ? null : Number(after),
    logs: logs === null ? "unknown" : logs ? "read" : "not read",
    exec: exec === null ? "unknown" : exec ? "answers" : "fails",
    service: serviceStatusOf(r.service ?? null),
  };
}

/**
 * The Service line from k3s/service-networking-fails' summary (suites/k3s/judge-service.ts): `stopped at <layer>:
 * <error>; also measured: ...` (holds), `the Service answers with endpoints: ...` (does not hold), else unknown.
 */
export function serviceStatusOf(r: FindingResult | null): ServiceStatus {
  if (r === null) return { kind: "unknown", reason: "not measured here" };
  if (r.verdict === "does-not-hold" && /^the Service answers/.test(r.summary)) return { kind: "answers" };
  const m = /^stopped at (.+?): (.*?)(?:; also measured: .*)?$/.exec(oneLine(r.summary));
  if (r.verdict === "holds" && m) return { kind: "stopped", layer: m[1] ?? "", evidence: m[2] ?? "" };
  return { kind: "unknown", reason: oneLine(r.summary) };
}

interface SandboxFailureSeen {
  errorClass: string;
  cause: string;
  cgroupApply: boolean;
}

/** The evidence `sandbox failure, classified` (a SandboxFailure, or null). */
function failureFromEvidence(r: FindingResult | null): SandboxFailureSeen | null {
  const item = evidenceOf(r, "sandbox failure, classified");
  if (item?.kind !== "json" || typeof item.json !== "object" || item.json === null) return null;
  const c = (item.json as { classified?: { class?: unknown; layers?: unknown; normalised?: unknown } }).classified;
  if (typeof c?.class !== "string") return null;
  const layers = Array.isArray(c.layers) ? c.layers.map(String) : [];
  return {
    errorClass: c.class,
    cause: layers.at(-1) ?? String(c.normalised ?? ""),
    cgroupApply: layers.some((l) => /^unable to apply cgroup configuration$/i.test(l)),
  };
}

const CLASS_AND_CAUSE = new RegExp(
  `\\b(${RUNTIME_ERROR_CLASSES.join("|")}): (.+?)(?: \\(faker [^)]*\\))?(?:; .*)?$`,
);

/** `...; FailedCreatePodSandBox: cgroup-procs-enoent: <cause>` or `FailedCreatePodSandBox, <class>: <cause> (...)`. */
function failureFromSummary(r: FindingResult | null): SandboxFailureSeen | null {
  const summary = r?.summary ?? "";
  const at = summary.search(/FailedCreatePodSandBox|the sandbox failed|the sandbox image was not available/);
  if (at < 0) return null;
  const m = CLASS_AND_CAUSE.exec(summary.slice(at));
  return m ? { errorClass: m[1] ?? "unknown", cause: m[2] ?? "", cgroupApply: false } : null;
}

function sandboxFailureStop(r: PodResults): PodStatus | null {
  const seen =
    failureFromEvidence(r.neverRuns) ??
    failureFromEvidence(r.sandboxFails) ??
    failureFromSummary(r.neverRuns) ??
    failureFromSummary(r.sandboxFails);
  if (seen === null) return null;
  const cgroups = seen.errorClass.startsWith("cgroup-") || seen.cgroupApply;
  return stopped(cgroups ? "pod sandbox (runc cgroups)" : "pod sandbox", seen.errorClass, seen.cause);
}

/** `kubelet exited with status 1 (last error: ...)`: the component that ended the cluster. */
function endedStop(pending: string, reason: string): PodStatus {
  if (pending === "its start") return stopped("cluster components", "cluster-start-failed", reason);
  const component = /^(\S+) exited with status \d+/.exec(reason)?.[1];
  if (component === "kubelet") return stopped("kubelet", "kubelet-exited", reason);
  return stopped("cluster components", component ? `${component}-exited` : "cluster-ended", reason);
}

/** A cluster that was never ready (judge-k3s.ts `notReady`), from any summary that says so. */
function clusterStop(summary: string): PodStatus | null {
  const ended = /ended after \d+ s, before (.+?): (.+)$/.exec(summary);
  if (ended) return endedStop(ended[1] ?? "", ended[2] ?? "");
  const waiting = /not ready after \d+ s: still waiting for (.+?)(?: \(last error: (.*)\))?$/.exec(summary);
  if (!waiting) return null;
  const pending = waiting[1] ?? "";
  const evidence = `still waiting for ${pending}${waiting[2] ? ` (last error: ${waiting[2]})` : ""}`;
  return /api /.test(pending)
    ? stopped("cluster components", "api-not-ready", evidence)
    : stopped("kubelet", "node-not-registered", evidence);
}

function clusterStopOf(r: PodResults): PodStatus | null {
  for (const x of [r.neverRuns, r.sandboxFails])
    if (x !== null && /^the (cluster|API server) was /.test(x.summary)) return clusterStop(x.summary);
  return null;
}

/** The cluster's own finding, where it ran in the cell and did not hold. */
function serverStableStop(r: PodResults): PodStatus | null {
  const s = r.serverStable;
  if (s === null || s.verdict === "holds" || s.verdict === null) return null;
  return clusterStop(s.summary) ?? stopped("cluster components", "server-unstable", s.summary);
}

/** Scheduled, but no sandbox failure: the pod's own containers did not start. */
function containerStop(summary: string): PodStatus | null {
  // The sandbox was created and the container failed to start after it (judge-k3s: describeStartError).
  const start =
    /the container failed to start: ([a-z0-9-]+): (.*)$|its container failed to start after it: ([a-z0-9-]+): (.*)$/.exec(
      summary,
    );
  if (start)
    return stopped("container start", start[1] ?? start[3] ?? "start-error", start[2] ?? start[4] ?? summary);
  const image = /the pod's image was not available.*: (\S+)$/.exec(summary);
  if (image) return stopped("container start", image[1] ?? "image", summary);
  const state = /not Running after \d+ s: (\S+)(?: \(([^)]*)\))?/.exec(summary);
  if (state)
    return stopped("container start", (state[2] ?? state[1] ?? "").split(", ")[0] || "not-running", summary);
  if (/ContainerCreating, but no FailedCreatePodSandBox/.test(summary))
    return stopped("container start", "ContainerCreating", summary);
  return null;
}

function laterStop(r: PodResults): PodStatus | null {
  for (const x of [r.neverRuns, r.sandboxFails]) {
    if (x === null) continue;
    if (/^the pod was not scheduled/.test(x.summary))
      return serverStableStop(r) ?? stopped("cluster components", "pod-not-scheduled", x.summary);
    const container = containerStop(x.summary);
    if (container) return container;
  }
  return null;
}

/** All pod results were harness errors: nothing was measured. */
function notMeasured(r: PodResults): PodStatus | null {
  const present = [r.neverRuns, r.sandboxFails].filter((x): x is FindingResult => x !== null);
  if (present.length === 0 || present.some((x) => x.outcome !== "error")) return null;
  const first = present[0] as FindingResult;
  return { kind: "not-measured", reason: oneLine(`harness error: ${first.reason ?? first.summary}`) };
}

/** Where the pod got to in the cell: the first layer that stopped it, in the order a pod meets them. */
export function podStatusOf(r: PodResults): PodStatus {
  if (r.cell?.blocked) return sandboxStartStop(r.cell.blocked);
  const unmeasured = notMeasured(r);
  if (unmeasured) return unmeasured;
  if (isRunning(r)) return runningStatus(r);
  const summary = r.neverRuns?.summary ?? r.sandboxFails?.summary ?? "";
  return (
    clusterStopOf(r) ??
    sandboxFailureStop(r) ??
    laterStop(r) ??
    serverStableStop(r) ??
    stopped("an unclassified step", "unclassified", summary)
  );
}
