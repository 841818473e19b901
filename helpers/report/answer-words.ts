/** The phrases every rendering of the answer shares (terminal, Markdown, HTML, the diff). Pure. */
import { entryGlyph, entryWord, UNEXPECTED_MARK } from "./entry-labels.js";
import type { ClaimSituation, ClaimVerdict, PodStatus, ServiceStatus, Unblock } from "./answer-model.js";

/** Column headings of the claims, in order. */
export function situationHeading(situation: ClaimSituation, newestRelease: string | null): string {
  if (situation === "log") return "in the log's situation";
  if (situation === "own") return "on the sandbox's own cgroupfs";
  return `in the newest gVisor${newestRelease ? ` (${newestRelease})` : ""}`;
}

/** `runs: Running after 6 s, logs read, exec answers` / `stopped at kubelet: kubelet-exited`. */
export function podStatusText(status: PodStatus): string {
  if (status.kind === "not-measured") return `not measured: ${status.reason}`;
  if (status.kind === "stopped") return `stopped at ${status.layer}: ${status.errorClass}`;
  const after = status.runningAfterS === null ? "Running" : `Running after ${status.runningAfterS} s`;
  const logs = status.logs === "unknown" ? "logs not tried" : `logs ${status.logs}`;
  const exec =
    status.exec === "unknown" ? "exec not tried" : status.exec === "answers" ? "exec answers" : "exec fails";
  const service = serviceText(status.service);
  return `${status.exec === "fails" ? "runs, but stopped at exec" : "runs"}: ${after}, ${logs}, ${exec}${service ? `, ${service}` : ""}`;
}

/** `Service answers` / `Service stopped at pod network (CNI add)` / `Service not measured`; "" where not asked. */
export function serviceText(status: ServiceStatus): string {
  if (status.kind === "answers") return "Service with endpoints answers";
  if (status.kind === "stopped") return `Service stopped at ${status.layer}`;
  return status.reason === "not measured here" ? "" : "Service not measured";
}

/** A running pod whose exec fails or whose Service stopped: it runs, not everything a worker does works. */
export function runsPartly(status: PodStatus): boolean {
  return status.kind === "runs" && (status.exec === "fails" || status.service.kind === "stopped");
}

/** The evidence of a running pod's stopped Service, or null. */
export function serviceEvidence(status: PodStatus): string | null {
  return status.kind === "runs" && status.service.kind === "stopped" ? status.service.evidence : null;
}

/** The status without what varies from run to run (seconds): what the diff compares. */
export function podStatusGist(status: PodStatus): string {
  if (status.kind !== "runs") return podStatusText(status);
  return podStatusText({ ...status, runningAfterS: null });
}

/** One unblocking neighbour: `without the tmpfs over memory/k8s.io (cgroupSetup native): runs (<cell>)`. */
export function unblockText(u: Unblock): string {
  return `${u.change}: runs (${u.cellId})`;
}

/** `what unblocks it: ...; ...` or `what unblocks it: no measured cell runs it`. */
export function unblocksText(unblock: readonly Unblock[]): string {
  if (unblock.length === 0) return "what unblocks it: no measured cell runs it";
  return `what unblocks it: ${unblock.map(unblockText).join("; ")}`;
}

/** `✓ holds`, `✗ does-not-hold ≠` (unexpected), `! error`, or `—` when not measured. */
export function claimVerdictWord(v: ClaimVerdict | null): string {
  if (v === null) return "—";
  const mark = v.outcome === "unexpected" ? ` ${UNEXPECTED_MARK}` : "";
  return `${entryGlyph(v)} ${entryWord(v)}${mark}`;
}

/** `✓ holds (runsc-20240729.bookworm.native.no-faker)` or `—`. */
export function claimVerdictText(v: ClaimVerdict | null): string {
  return v === null ? "—" : `${claimVerdictWord(v)} (${v.cellId})`;
}
