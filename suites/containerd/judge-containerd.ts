/** The decision of containerd/pod-sandbox-error, pure so that each answer is unit-tested. */
import { judgeClassShare } from "../../helpers/finding/class-share.js";
import type { ProbeResult } from "../../helpers/finding/probe.js";
import type { ContainerdTrials } from "../../helpers/probes/containerd-trials.js";
import { BEFORE_CGROUP_WRITE } from "../../helpers/probes/runtime-error-class.js";
import { POD_SANDBOX_CHAIN } from "./findings.js";

/** Whether an error text carries the whole chain, in order. */
export function hasChain(text: string): boolean {
  let at = 0;
  for (const layer of POD_SANDBOX_CHAIN) {
    const i = text.indexOf(layer, at);
    if (i < 0) return false;
    at = i + layer.length;
  }
  return true;
}

/** Blocked when no trial could run (containerd, the image or the shim never ready): that step's own error. */
export function setupBlocked(r: ContainerdTrials): ProbeResult | null {
  if (!r.blockedAt) return null;
  return {
    verdict: "blocked",
    summary: `blocked at ${r.blockedAt.step}: ${r.blockedAt.stderr.trim().slice(-240)}`,
  };
}

export function judgePodSandboxError(r: ContainerdTrials): ProbeResult {
  const blocked = setupBlocked(r);
  if (blocked) return blocked;
  const counts: Record<string, number> = {};
  for (const t of r.trials) {
    const key = t.ran ? "ran" : hasChain(t.error.raw) ? `chain: ${t.error.class}` : t.error.class;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const keys = Object.keys(counts);
  if (keys.length > 0 && keys.every((k) => (BEFORE_CGROUP_WRITE as readonly string[]).includes(k))) {
    return {
      verdict: "blocked",
      summary: `runc was never reached (${keys.join(", ")})`,
      stats: { trials: r.trials.length, counts },
    };
  }
  const chains = keys.filter((k) => k.startsWith("chain: "));
  return judgeClassShare(counts, chains.length > 0 ? chains : ["chain: (any cause)"]);
}
