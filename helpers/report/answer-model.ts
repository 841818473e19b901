/**
 * The answer at the top of every report: can Kubernetes run pods inside gVisor, in which setup, and if not, what
 * stops it; then the log's claims, each in the situations a reader asks about. Types only: answer.ts builds it
 * from a results file, answer-terminal/markdown/html.ts draw it, answer-diff.ts compares two.
 */
import type { Outcome, Verdict } from "../finding/verdict.js";

/** Where a pod stops, in the order a pod meets them. */
export const POD_LAYERS = [
  "sandbox start",
  "cluster components",
  "kubelet",
  "pod sandbox (runc cgroups)",
  "pod sandbox",
  "container start",
  "exec",
  "an unclassified step",
] as const;
export type PodLayer = (typeof POD_LAYERS)[number];

/**
 * A Service selecting the running pod, as k3s/service-networking-fails measured it: it answers (ClusterIP from
 * the node and a second pod, DNS), or stopped at a layer (`pod network (CNI add)`, `kube-proxy rules`, ...) with
 * the one-line error; `unknown` where the finding did not run or could not measure it.
 */
export type ServiceStatus =
  { kind: "answers" } | { kind: "stopped"; layer: string; evidence: string } | { kind: "unknown"; reason: string };

/** What the pod did in one cell, as measured by the k3s tier's pod findings. */
export type PodStatus =
  | {
      kind: "runs";
      /** Seconds from creation to Running, when the summary says it. */
      runningAfterS: number | null;
      logs: "read" | "not read" | "unknown";
      exec: "answers" | "fails" | "unknown";
      /** Service networking with endpoints (k3s/service-networking-fails), where it was measured. */
      service: ServiceStatus;
    }
  | {
      kind: "stopped";
      layer: PodLayer;
      /** A stable class of the cause: `cgroup-procs-enoent`, `kubelet-exited`, `ErrImageNeverPull`, ... */
      errorClass: string;
      /** The cause in one line (the innermost error, or the summary). */
      evidence: string;
    }
  | { kind: "not-measured"; reason: string };

/** One dimension a neighbouring cell differs in. */
export const CELL_AXES = [
  "cgroupSetup",
  "faker",
  "sandboxCgroup",
  "image",
  "platform",
  "release",
  "runtime",
] as const;
export type CellAxis = (typeof CELL_AXES)[number];

/** A measured cell that differs from a stopped one in exactly one dimension, and where the pod runs. */
export interface Unblock {
  axis: CellAxis;
  /** What changes, in words: `without the tmpfs over memory/k8s.io (cgroupSetup native)`. */
  change: string;
  cellId: string;
}

/** The pod in one cell. */
export interface PodCellAnswer {
  cellId: string;
  /** The cell without its release: `bookworm overlay-memory faker-ts`, `cgroup-v2 bookworm native`. */
  shape: string;
  status: PodStatus;
  /** For a stopped pod: the one-dimension neighbours where it runs ([] = no measured cell runs it); else null. */
  unblock: Unblock[] | null;
}

/** Cells of one gVisor release (or the runc baseline, the control). */
export interface PodGroup {
  /** `gVisor 20240729`, or `runc baseline (no gVisor: the control)`. */
  title: string;
  /** The release, or null for the baseline. */
  release: string | null;
  cells: PodCellAnswer[];
}

/** One finding's verdict in one situation, with the cell it came from. */
export interface ClaimVerdict {
  outcome: Outcome;
  verdict: Verdict | null;
  cellId: string;
}

/** The situations a claim is shown in, as columns. */
export const CLAIM_SITUATIONS = ["log", "own", "newest"] as const;
export type ClaimSituation = (typeof CLAIM_SITUATIONS)[number];

/** One finding: its claim, short, and its verdict in each situation (null: not measured there). */
export interface ClaimLine {
  findingId: string;
  claim: string;
  verdicts: Record<ClaimSituation, ClaimVerdict | null>;
}

/** The whole answer. */
export interface Answer {
  /** `Pods in gVisor: run in 4 of 9 measured cells (...); stopped in 5: at ... (5).` */
  headline: string;
  /** How many findings x cells apply in the run (results not skipped). */
  applies: string;
  /** The newest gVisor release among the run's cells, or null when none ran. */
  newestRelease: string | null;
  /** Newest release first, the runc baseline last. */
  pods: PodGroup[];
  claims: ClaimLine[];
}
