/** The decision of fuse/io-enosys, pure so that each answer is unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import { CORE_OPS } from "./findings.js";

export interface OpResult {
  op: string;
  ok: boolean;
  code?: string;
  message?: string;
}

/** Counts of outcomes: ok, and one key per errno. */
export function opCounts(ops: readonly OpResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of ops)
    counts[o.ok ? "ok" : (o.code ?? "error")] = (counts[o.ok ? "ok" : (o.code ?? "error")] ?? 0) + 1;
  return counts;
}

export function judgeFuse(mount: { ok: boolean; error: string }, ops: readonly OpResult[] | null): ProbeResult {
  if (!mount.ok) return { verdict: "blocked", summary: `bindfs mount failed: ${mount.error}` };
  if (!ops) return { verdict: "blocked", summary: "the operation table did not complete (timed out or crashed)" };
  const core = CORE_OPS.map((op) => ops.find((o) => o.op === op) ?? { op, ok: false, code: "NOT-RUN" });
  const enosys = core.every((o) => !o.ok && o.code === "ENOSYS");
  const table = core.map((o) => `${o.op} ${o.ok ? "ok" : o.code}`).join(", ");
  const counts = opCounts(ops);
  return {
    verdict: enosys ? "holds" : "does-not-hold",
    summary: `mount ok; ${table}; all ops: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    stats: { trials: ops.length, counts },
  };
}
