/**
 * The record of a run: `reports/<run>/results.json`. Everything else (matrix, HTML, allure, diff) is derived
 * from it. Bump RESULTS_SCHEMA_VERSION on any incompatible change.
 */
import type { CellDimensions } from "../env/cell.js";
import type { EvidenceItem, TrialStats } from "../finding/evidence.js";
import type { Outcome, Verdict } from "../finding/verdict.js";

export const RESULTS_SCHEMA_VERSION = 1;

/** What was measured about one cell before any test ran. */
export interface CellObservation {
  runscVersion: string | null;
  platform: string | null;
  dmesgFirstLine: string;
  kernelRelease: string;
  cgroupMounts: string[];
  imageSuite: string;
  runcVersion: string;
  containerdVersion: string;
  /** crun in the sandbox image (absent in the results of runs before crun was measured). */
  crunVersion?: string;
}

/** One controller after the cell's cgroup setup ran (fixtures/cgroup-setups). */
export interface ControllerState {
  controller: string;
  status: string;
  fstype: string;
  detail: string;
}

export interface CellInfo {
  id: string;
  dimensions: CellDimensions;
  dockerRuntime: string;
  image: { tag: string; id: string };
  observation: CellObservation;
  /** The cgroup setup as built: per controller, who mounted it and its filesystem type. */
  cgroupControllers?: ControllerState[];
  /**
   * Evidence rather than verdicts, explaining the other findings: syscalls (openat2, clone3, pidfd_open,
   * statx), procfs root inode, uname -r, default platform, mountable controllers.
   */
  inventory?: Record<string, unknown>;
  /** Wall time of the cell's sandbox, start to stop, in ms (filled at the end of the run). */
  wallMs?: number;
  /** Set when the sandbox did not come up (its findings are `blocked`): the step and why, one line. */
  blocked?: string;
}

export interface RunInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  harnessVersion: string;
  host: { kernel: string; engineVersion: string; node: string };
  cells: CellInfo[];
  /** Parts of the run that did not run at all, said plainly (e.g. "k3s tier: no k3s available"). */
  notes: string[];
  /** Which cluster the k3s tier ran (k3s and how it was provided, or upstream Kubernetes built from source). */
  k3sTier?: string;
}

export interface RuleRef {
  /** Index in the finding's rule list, or null for the default. */
  index: number | null;
  when?: Record<string, string>;
  because?: string;
}

export interface FindingResult {
  findingId: string;
  claim: string;
  /** How the finding is measured (from the finding's data). */
  method?: string;
  source: { experiment: string; section: string };
  cellId: string;
  outcome: Outcome;
  verdict: Verdict | null;
  /** Expected verdicts (more than one = known intermittent). */
  expected: Verdict[];
  rule: RuleRef | null;
  /** Why the verdict was reached, in one line (set by the probe). */
  summary: string;
  /** For `skipped`: what the finding needs and what the cell has; for `error`: the infrastructure failure. */
  reason?: string;
  stats?: TrialStats;
  evidence: EvidenceItem[];
  durationMs: number;
  /** `docker exec` attempts of this probe whose command never ran (retried ones included). */
  execFailedAttempts?: number;
}

export interface ResultsFile {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  run: RunInfo;
  results: FindingResult[];
}
