/**
 * A cell whose sandbox did not come up (a start that hangs past the bound, a runtime that fails at start, a
 * cgroup setup or faker that fails): every applicable finding of the cell gets the verdict `blocked`, with what
 * the runtime said as the evidence. Pure: built by the harness, read by checkFinding and the reports.
 */
import { positiveSeconds } from "../env/seconds.js";
import type { EvidenceItem } from "./evidence.js";
import type { ProbeResult } from "./probe.js";

export interface BlockedCell {
  /** The start step that did not finish: `starting the sandbox`, `cgroup setup`, ... */
  phase: string;
  /** One line: why, e.g. `not up within 90 s (GVC_SANDBOX_START_SECONDS)`. */
  reason: string;
  /** How long the harness waited, in ms. */
  waitedMs: number;
  /** The runtime's own output and the state of its processes. */
  evidence: EvidenceItem[];
}

/** The start bound in seconds: GVC_SANDBOX_START_SECONDS (default 90), a positive number. */
export const DEFAULT_START_SECONDS = 90;

export const sandboxStartSeconds = (env: NodeJS.ProcessEnv = process.env): number =>
  positiveSeconds(env, "GVC_SANDBOX_START_SECONDS", DEFAULT_START_SECONDS);

/** The phase of a cell whose sandbox started, then ended before a finding ran (see sandbox-exited.ts). */
export const SANDBOX_ENDED_PHASE = "after its start";

/** The one-line summary a blocked cell's findings carry. */
export function blockedSummary(blocked: BlockedCell): string {
  if (blocked.phase === SANDBOX_ENDED_PHASE) return blocked.reason;
  return `cell did not start (${blocked.phase}): ${blocked.reason}`;
}

/** The probe result every applicable finding of a blocked cell gets (no probe runs). */
export function blockedVerdict(blocked: BlockedCell): ProbeResult & { evidence: EvidenceItem[] } {
  return {
    verdict: "blocked",
    summary: blockedSummary(blocked),
    evidence: [
      {
        label: "why this cell is blocked",
        kind: "text",
        text: `${blockedSummary(blocked)}\nwaited ${(blocked.waitedMs / 1000).toFixed(1)} s; no probe ran for this finding`,
      },
      ...blocked.evidence,
    ],
  };
}

/** Why a start step failed, in one line (an error's first line). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? text
  );
}
