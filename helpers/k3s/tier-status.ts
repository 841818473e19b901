/**
 * Whether the k3s tier can run on this host, and the one plain line the run summary says about it. The tier
 * never counts as a pass when it did not run: its findings are visible skips carrying the same line.
 */
import { resolveK3sSource, type K3sSource, type K3sSourceProbes } from "./k3s-source.js";

export interface K3sTierStatus {
  available: boolean;
  /** One line for the run summary (RunInfo.notes) and for every k3s skip. */
  summary: string;
  source: K3sSource;
}

/** Why: the run summary and the skips must say the same thing, in words, about the k3s tier. */
export function k3sTierStatus(env: Record<string, string | undefined>, probes: K3sSourceProbes): K3sTierStatus {
  const source = resolveK3sSource(env, probes);
  if (source.kind === "unavailable")
    return { available: false, summary: `k3s tier did not run: ${source.needs}`, source };
  return { available: true, summary: `k3s tier: ${source.detail}`, source };
}
