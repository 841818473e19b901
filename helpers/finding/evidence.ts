/**
 * Evidence: the raw observations a verdict rests on. Every item has a label saying what it shows.
 * Plain JSON so that it travels from the test worker to the reporter and into results.json unchanged.
 */

/** One command run inside (or outside) the sandbox, exactly as it ran. */
export interface ExecRecord {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /**
   * Set when the command never ran: the runtime could not exec it (`OCI runtime exec failed`: runsc's exec
   * ended with an error, the tool is missing, the container is not running). Such a step is no evidence for or
   * against a claim (helpers/sandbox/exec-failure.ts).
   */
  runFailure?: string;
  /** Attempts that failed to run before this one (a runsc exec that failed is retried once). */
  failedAttempts?: number;
}

/** A directory a finding asserts on: its entries, its filesystem (statfs f_type) and its mountinfo line. */
export interface ListingRecord {
  path: string;
  entries: { name: string; type: string }[];
  fsType: { magic: string; name: string };
  mountinfo: string;
}

/** A series of measurements of one quantity (charted in the HTML matrix). */
export interface MetricRecord {
  name: string;
  unit: "ms" | "us" | "ratio" | "count";
  values: number[];
}

export type EvidenceItem =
  | { label: string; kind: "exec"; exec: ExecRecord }
  | { label: string; kind: "listing"; listing: ListingRecord }
  | { label: string; kind: "metric"; metric: MetricRecord }
  | { label: string; kind: "text"; text: string }
  | { label: string; kind: "json"; json: unknown };

/** Counts out of N trials, for statistical findings. */
export interface TrialStats {
  trials: number;
  counts: Record<string, number>;
}
