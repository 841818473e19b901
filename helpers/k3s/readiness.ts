/**
 * When a k3s server counts as ready: the requirements (API /readyz, node registered or Ready, kube-system pods
 * Ready), a pure step over one observation, and a poll loop with an injected clock so it is tested without
 * waiting. An observation that fails (API not answering yet) is a normal early state, not an error.
 */

export type Requirement =
  | { kind: "api" }
  | { kind: "node-registered"; node: string }
  | { kind: "node-ready"; node: string }
  | { kind: "pod-ready"; namespace: string; prefix: string };

export interface ReadinessObservation {
  /** `GET /readyz` answered ok. */
  apiReady: boolean;
  nodes: { name: string; ready: boolean }[];
  pods: { namespace: string; name: string; ready: boolean }[];
}

/** Why: requirements are named the same in progress lines, evidence and summaries. */
export function requirementName(r: Requirement): string {
  switch (r.kind) {
    case "api":
      return "api /readyz";
    case "node-registered":
      return `node ${r.node} registered`;
    case "node-ready":
      return `node ${r.node} Ready`;
    case "pod-ready":
      return `pod ${r.namespace}/${r.prefix}* Ready`;
  }
}

export function requirementMet(r: Requirement, o: ReadinessObservation): boolean {
  switch (r.kind) {
    case "api":
      return o.apiReady;
    case "node-registered":
      return o.nodes.some((n) => n.name === r.node);
    case "node-ready":
      return o.nodes.some((n) => n.name === r.node && n.ready);
    case "pod-ready":
      return o.pods.some((p) => p.namespace === r.namespace && p.name.startsWith(r.prefix) && p.ready);
  }
}

export interface ReadinessState {
  /** Requirement name -> ms since start when first seen met. */
  metAtMs: Record<string, number>;
  polls: number;
  lastError: string | null;
}
export type ReadinessEvent =
  { kind: "met"; requirement: string; atMs: number } | { kind: "observe-failed"; error: string; atMs: number };

export const initialReadiness = (): ReadinessState => ({ metAtMs: {}, polls: 0, lastError: null });

/** Why: the whole readiness logic as a pure step (one observation or failure in, new state and events out). */
export function stepReadiness(
  state: ReadinessState,
  requirements: readonly Requirement[],
  seen: { observation: ReadinessObservation } | { error: string },
  atMs: number,
): { state: ReadinessState; events: ReadinessEvent[]; pending: string[] } {
  const metAtMs = { ...state.metAtMs };
  const events: ReadinessEvent[] = [];
  if ("error" in seen) events.push({ kind: "observe-failed", error: seen.error, atMs });
  else
    for (const r of requirements) {
      const name = requirementName(r);
      if (metAtMs[name] === undefined && requirementMet(r, seen.observation)) {
        metAtMs[name] = atMs;
        events.push({ kind: "met", requirement: name, atMs });
      }
    }
  const pending = requirements.map(requirementName).filter((n) => metAtMs[n] === undefined);
  const lastError = "error" in seen ? seen.error : state.lastError;
  return { state: { metAtMs, polls: state.polls + 1, lastError }, events, pending };
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ReadinessResult {
  ready: boolean;
  elapsedMs: number;
  metAtMs: Record<string, number>;
  /** What was still unmet at the deadline (empty when ready). */
  pending: string[];
  polls: number;
  lastError: string | null;
  /** Why the server ended before it got ready (the wait stops at once), or null. */
  ended?: string | null;
}

export interface WaitOptions {
  requirements: readonly Requirement[];
  observe: () => Promise<ReadinessObservation>;
  deadlineMs: number;
  intervalMs: number;
  clock?: Clock;
  onProgress?: (event: ReadinessEvent) => void;
  /** Asked after each poll that left something pending: why the server has ended, or null while it runs. */
  ended?: () => Promise<string | null>;
}

/** Why: poll until every requirement has been seen met once, or the deadline passes; never throws on a poll. */
export async function waitForReadiness(options: WaitOptions): Promise<ReadinessResult> {
  const clock = options.clock ?? realClock;
  const t0 = clock.now();
  let state = initialReadiness();
  for (;;) {
    let seen: { observation: ReadinessObservation } | { error: string };
    try {
      seen = { observation: await options.observe() };
    } catch (e) {
      seen = { error: e instanceof Error ? e.message : String(e) };
    }
    const elapsedMs = clock.now() - t0;
    const step = stepReadiness(state, options.requirements, seen, elapsedMs);
    state = step.state;
    step.events.forEach((e) => options.onProgress?.(e));
    const done = step.pending.length === 0;
    const result = { ready: done, elapsedMs, metAtMs: state.metAtMs, pending: step.pending, ...pick(state) };
    if (done) return result;
    // A server that has ended never gets ready: waiting out the deadline would only hide why.
    const ended = options.ended ? await options.ended().catch(() => null) : null;
    if (ended) return { ...result, ended };
    if (elapsedMs + options.intervalMs > options.deadlineMs) return result;
    await clock.sleep(options.intervalMs);
  }
}

const pick = (s: ReadinessState) => ({ polls: s.polls, lastError: s.lastError });
