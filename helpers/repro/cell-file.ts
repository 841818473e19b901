/**
 * `cell.json` of a repro folder: what the probe inside the sandbox needs to know about the run's cell, written
 * on the host by cli/repro.ts and read inside the sandbox by in-sandbox.mjs.
 */
import type { Runtime } from "../env/cell.js";
import type { K3sTierStatus } from "../k3s/tier-status.js";
import type { CellInfo } from "../report/results-schema.js";

/** Where repro.sh puts the folder's files in the sandbox's root filesystem. */
export const IN_SANDBOX_DIR = "/opt/gvc-repro";

export interface ReproCellFile {
  runId: string;
  findingId: string;
  /** The cell as the run recorded it (its run-info.json entry). */
  cell: CellInfo;
  /** The cell's Docker runtime as the engine registered it when the folder was written. */
  runtime: Extract<Runtime, { kind: "runsc" }>;
  /** The run's settings the probe reads from its environment (trial counts), as the run used them. */
  env: Record<string, string>;
  /** The cell's part in the k3s tier, and the cluster source the host provided (k3s findings only). */
  k3s: { role: "cluster" | "pods"; tier: K3sTierStatus } | null;
}
