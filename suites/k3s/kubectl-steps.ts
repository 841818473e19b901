/**
 * A small step runner for kubectl checks: each step is argv (plus stdin), what it must show, and how long it
 * may be retried. Attempts run quietly; the attempt that decides a step is recorded as evidence.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ExecRecord } from "../../helpers/finding/evidence.js";
import type { ClusterCommands } from "../../helpers/k3s/cluster-commands.js";
import * as m from "../../helpers/k3s/manifests.js";
import { firstLine, kubectl, type Runner } from "../../helpers/k3s/runner.js";
import type { CapabilityResult } from "./judge-k3s.js";

export interface Step {
  label: string;
  args: string[];
  input?: string;
  /** The step is expected to fail (a denial, a NotFound). */
  fails?: boolean;
  /** Must match stdout + stderr. */
  match?: RegExp;
  /** Retried (quietly; the last attempt is recorded) until it passes or this long has passed. */
  retryForMs?: number;
}
export interface CheckEnv {
  run: Runner;
  quiet: Runner;
  /** Records a command that ran quietly (the attempt that decided a step). */
  record: (label: string, r: ExecRecord) => void;
  cluster: ClusterCommands;
  images: m.PodImages;
}
type Outcome = Omit<CapabilityResult, "id">;
export type Check = (env: CheckEnv, cap: string) => Promise<Outcome>;

export const NS = ["-n", m.PROBE_NS];
const passes = (s: Step, r: ExecRecord): boolean =>
  (s.fails ? r.exitCode !== 0 : r.exitCode === 0) && (!s.match || s.match.test(`${r.stdout}\n${r.stderr}`));

async function attempt(env: CheckEnv, cap: string, s: Step): Promise<{ ok: boolean; record: ExecRecord }> {
  const deadline = Date.now() + (s.retryForMs ?? 0);
  for (;;) {
    const record = await kubectl(env.quiet, s.label, s.args, { input: s.input });
    const ok = passes(s, record);
    if (ok || Date.now() >= deadline) {
      env.record(`${cap}: ${s.label}`, record);
      return { ok, record };
    }
    await sleep(2_000);
  }
}

/** Why: a capability as a list of steps, failing at the first step that does not pass. */
export const steps =
  (list: Step[]): Check =>
  async (env, cap) => {
    for (const s of list) {
      const { ok, record } = await attempt(env, cap, s);
      if (!ok) return { verdict: "does-not-hold", detail: `${s.label}: ${firstLine(record)}` };
    }
    return { verdict: "holds", detail: list.map((s) => s.label).join(", ") };
  };

export const apply = (label: string, ...objects: Record<string, unknown>[]): Step => ({
  label,
  args: ["apply", "-f", "-"],
  input: m.toInput(...objects),
});
/** create, get, describe, delete of one namespaced object. */
export const crud = (kind: string, name: string, object: Record<string, unknown>): Step[] => [
  apply(`create ${kind}`, object),
  { label: `get ${kind}`, args: ["get", kind, name, ...NS] },
  { label: `describe ${kind}`, args: ["describe", kind, name, ...NS] },
  { label: `delete ${kind}`, args: ["delete", kind, name, ...NS, "--timeout=60s"] },
];
