/**
 * A finding: one claim of the research log, as data. Tests are generated from findings; expectations
 * (per environment) live in `expectations/<area>.json`, keyed by the finding id.
 */
import type { CellDimensions } from "../env/cell.js";

export interface FindingSource {
  /** Experiment number(s) in the research log, e.g. "17" or "16/17". */
  experiment: string;
  /** Section heading in the log. */
  section: string;
}

export interface Finding {
  /** Stable slug, never renamed: `area/what`. */
  id: string;
  /** One sentence in MUST / MUST NOT wording. */
  claim: string;
  source: FindingSource;
  /** The cell dimensions this finding's verdict can depend on (expectation rules may only use these). */
  dimensions: readonly (keyof CellDimensions)[];
  /** How it is measured, in one or two sentences (shown in reports). */
  method: string;
  /**
   * Cells this finding runs in, by design. Returns null when it applies, else what it needs and what the cell
   * has. No test is generated where it does not apply: the run's record says why (outcome `not-applicable`).
   */
  appliesTo?: (cell: CellDimensions, runtimeName: string) => string | null;
  /**
   * Where it applies, what could stop it running on this host (a tier that cannot be had): null when it can
   * run, else why not and how to provide it. That is a visible skip: it could have run and did not.
   */
  unavailable?: () => string | null;
  /**
   * The finding measures time (latencies, races, overhead), or loads the host heavily: its cells run one after
   * another, alone. Other findings run their cells concurrently (each cell is a different sandbox).
   */
  timing?: boolean;
  /**
   * Set when the probe works from the host (sandboxes of its own) rather than in the cell's sandbox: why a repro
   * bundle, which runs the probe inside that sandbox, cannot carry it, and what reproduces it instead.
   */
  probeOnHost?: string;
}

export function defineFinding(finding: Finding): Finding {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(finding.id)) throw new Error(`finding id "${finding.id}" is not area/slug`);
  return finding;
}
