/**
 * Pods in gVisor: one answer per cell where the k3s tier's pod findings ran (not skipped), grouped by release
 * (newest first, the runc baseline last), each stopped pod with what unblocks it. Pure.
 */
import { wasMeasured } from "../finding/verdict.js";
import { compareReleasesNewestFirst } from "../host/runsc-binary.js";
import { shapeLabel, shapeOf } from "./answer-cell-shape.js";
import type { PodCellAnswer, PodGroup } from "./answer-model.js";
import { podStatusOf, type PodResults } from "./answer-pod-status.js";
import { unblockersOf, type MeasuredPod } from "./answer-unblock.js";
import type { FindingResult, ResultsFile } from "./results-schema.js";

/** The findings the answer reads the pod from. */
export const POD_NEVER_RUNS = "k3s/pod-never-runs";
export const POD_SANDBOX_FAILS = "k3s/pod-sandbox-fails";
export const SERVER_STABLE = "k3s/server-stable";
export const SERVICE_NETWORKING = "k3s/service-networking-fails";

/** The cells (in the run's order) where a pod finding applied, with their results. */
function podResultsByCell(results: ResultsFile): PodResults[] {
  const applied = results.results.filter((r) => wasMeasured(r.outcome));
  const find = (findingId: string, cellId: string): FindingResult | null =>
    applied.find((r) => r.findingId === findingId && r.cellId === cellId) ?? null;
  const podCellIds = new Set(
    applied
      .filter((r) => r.findingId === POD_NEVER_RUNS || r.findingId === POD_SANDBOX_FAILS)
      .map((r) => r.cellId),
  );
  const order = [...results.run.cells.map((c) => c.id), ...podCellIds];
  return [...new Set(order)]
    .filter((id) => podCellIds.has(id))
    .map((cellId) => ({
      cell: results.run.cells.find((c) => c.id === cellId) ?? null,
      neverRuns: find(POD_NEVER_RUNS, cellId),
      sandboxFails: find(POD_SANDBOX_FAILS, cellId),
      serverStable: find(SERVER_STABLE, cellId),
      service: find(SERVICE_NETWORKING, cellId),
    }));
}

interface AnsweredPod {
  pod: MeasuredPod;
  answer: PodCellAnswer;
}

function groupByRelease(answered: readonly AnsweredPod[]): PodGroup[] {
  const gvisor = answered.filter((a) => a.pod.shape.runtime === "runsc");
  const releases = [...new Set(gvisor.map((a) => a.pod.shape.release))].sort(compareReleasesNewestFirst);
  const groups: PodGroup[] = releases.map((release) => ({
    title: release === "" ? "gVisor (release unknown)" : `gVisor ${release}`,
    release,
    cells: gvisor.filter((a) => a.pod.shape.release === release).map((a) => a.answer),
  }));
  const baseline = answered.filter((a) => a.pod.shape.runtime === "runc").map((a) => a.answer);
  if (baseline.length > 0)
    groups.push({ title: "runc baseline (no gVisor: the control)", release: null, cells: baseline });
  return groups;
}

/** The pod answers of a run, grouped; [] when no pod finding ran. */
export function podAnswers(results: ResultsFile): PodGroup[] {
  const pods: MeasuredPod[] = podResultsByCell(results).map((r) => ({
    shape: shapeOf(r.cell, r.cell?.id ?? r.neverRuns?.cellId ?? r.sandboxFails?.cellId ?? "?"),
    status: podStatusOf(r),
  }));
  const measured = pods.filter((p) => p.status.kind !== "not-measured");
  const answered = pods.map((pod) => ({
    pod,
    answer: {
      cellId: pod.shape.cellId,
      shape: shapeLabel(pod.shape),
      status: pod.status,
      unblock: pod.status.kind === "stopped" ? unblockersOf(pod, measured) : null,
    },
  }));
  return groupByRelease(answered);
}
