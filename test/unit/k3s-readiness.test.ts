import { describe, expect, test } from "vitest";
import {
  initialReadiness,
  requirementName,
  stepReadiness,
  waitForReadiness,
  type Clock,
  type ReadinessEvent,
  type ReadinessObservation,
  type Requirement,
} from "../../helpers/k3s/readiness.js";
import { summariseStability, watchStability } from "../../helpers/k3s/stability.js";

/** A clock that only moves when slept on, plus a cost per observation. */
function fakeClock(observeCostMs = 0): Clock & { t: number; tick: () => void } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => void (c.t += ms),
    tick: () => void (c.t += observeCostMs),
  };
  return c;
}

const REQS: Requirement[] = [
  { kind: "api" },
  { kind: "node-registered", node: "runsc" },
  { kind: "pod-ready", namespace: "kube-system", prefix: "coredns-" },
];
const none: ReadinessObservation = { apiReady: false, nodes: [], pods: [] };
const api: ReadinessObservation = { ...none, apiReady: true };
const node: ReadinessObservation = { ...api, nodes: [{ name: "runsc", ready: false }] };
const all: ReadinessObservation = {
  ...node,
  pods: [{ namespace: "kube-system", name: "coredns-6799fbcd5-x2x9z", ready: true }],
};

describe("readiness step (pure)", () => {
  test("names read as words", () => {
    expect(REQS.map(requirementName)).toEqual([
      "api /readyz",
      "node runsc registered",
      "pod kube-system/coredns-* Ready",
    ]);
  });
  test("a requirement is met once, at the first observation that shows it", () => {
    const a = stepReadiness(initialReadiness(), REQS, { observation: api }, 1000);
    expect(a.events).toEqual([{ kind: "met", requirement: "api /readyz", atMs: 1000 }]);
    expect(a.pending).toEqual(["node runsc registered", "pod kube-system/coredns-* Ready"]);
    const b = stepReadiness(a.state, REQS, { observation: all }, 2000);
    expect(b.state.metAtMs).toEqual({
      "api /readyz": 1000,
      "node runsc registered": 2000,
      "pod kube-system/coredns-* Ready": 2000,
    });
    expect(b.pending).toEqual([]);
  });
  test("a failed observation is an event, keeps what was met, and is remembered as the last error", () => {
    const a = stepReadiness(initialReadiness(), REQS, { observation: api }, 1);
    const b = stepReadiness(a.state, REQS, { error: "connection refused" }, 2);
    expect(b.events).toEqual([{ kind: "observe-failed", error: "connection refused", atMs: 2 }]);
    expect(b.state).toMatchObject({ polls: 2, lastError: "connection refused", metAtMs: { "api /readyz": 1 } });
  });
});

describe("readiness poll loop (fake clock)", () => {
  test("ready once everything was seen, with progress per requirement", async () => {
    const clock = fakeClock();
    const script = [new Error("connection refused"), api, node, all];
    const events: ReadinessEvent[] = [];
    const result = await waitForReadiness({
      requirements: REQS,
      observe: async () => {
        const next = script.shift() ?? all;
        if (next instanceof Error) throw next;
        return next;
      },
      deadlineMs: 60_000,
      intervalMs: 2_000,
      clock,
      onProgress: (e) => events.push(e),
    });
    expect(result).toMatchObject({
      ready: true,
      elapsedMs: 6_000,
      polls: 4,
      pending: [],
      lastError: "connection refused",
    });
    expect(events.map((e) => (e.kind === "met" ? `${e.requirement}@${e.atMs}` : `failed@${e.atMs}`))).toEqual([
      "failed@0",
      "api /readyz@2000",
      "node runsc registered@4000",
      "pod kube-system/coredns-* Ready@6000",
    ]);
  });
  test("deadline: not ready, says what is pending, starts no poll after the deadline", async () => {
    const clock = fakeClock(500);
    const result = await waitForReadiness({
      requirements: REQS,
      observe: async () => (clock.tick(), node),
      deadlineMs: 10_000,
      intervalMs: 2_000,
      clock,
    });
    expect(result.ready).toBe(false);
    expect(result.pending).toEqual(["pod kube-system/coredns-* Ready"]);
    // Polls start at 0, 2.5, 5, 7.5 and 10 s (each takes 0.5 s); the last starts at the deadline.
    expect(result.polls).toBe(5);
    expect(result.elapsedMs).toBe(10_500);
  });
  test("a server that ended stops the wait at once, with its reason", async () => {
    const clock = fakeClock(500);
    let polls = 0;
    const result = await waitForReadiness({
      requirements: REQS,
      observe: async () => (clock.tick(), node),
      deadlineMs: 60_000,
      intervalMs: 2_000,
      clock,
      ended: async () =>
        ++polls >= 2 ? "kubelet exited with status 1 (last error: mountpoint for cpu not found)" : null,
    });
    expect(result).toMatchObject({
      ready: false,
      polls: 2,
      pending: ["pod kube-system/coredns-* Ready"],
      ended: "kubelet exited with status 1 (last error: mountpoint for cpu not found)",
    });
  });
  test("a server that ended after everything was met is ready: the end is not asked for", async () => {
    const result = await waitForReadiness({
      requirements: REQS,
      observe: async () => all,
      deadlineMs: 60_000,
      intervalMs: 2_000,
      clock: fakeClock(),
      ended: async () => "never asked",
    });
    expect(result.ready).toBe(true);
    expect(result.ended).toBeUndefined();
  });
});

describe("stability watch (fake clock)", () => {
  test("samples at the interval for the whole duration", async () => {
    const clock = fakeClock();
    const samples = await watchStability({
      sample: async () => ({ processAlive: true, apiOk: true, latencyMs: 12 }),
      durationMs: 120_000,
      intervalMs: 10_000,
      clock,
    });
    expect(samples.map((s) => s.atMs)).toEqual(Array.from({ length: 13 }, (_, i) => i * 10_000));
    expect(summariseStability(samples)).toEqual({
      coveredMs: 120_000,
      samples: 13,
      apiFailures: 0,
      diedAtMs: null,
    });
  });
  test("stops at the first sample that finds the process gone; a throwing sample counts as an API failure", async () => {
    const clock = fakeClock();
    let n = 0;
    const samples = await watchStability({
      sample: async () => {
        n++;
        if (n === 2) throw new Error("exec failed");
        return { processAlive: n < 4, apiOk: n < 4, latencyMs: n < 4 ? 5 : null };
      },
      durationMs: 120_000,
      intervalMs: 10_000,
      clock,
    });
    expect(samples).toHaveLength(4);
    expect(samples[1]).toMatchObject({ apiOk: false, detail: "exec failed" });
    expect(summariseStability(samples)).toEqual({
      coveredMs: 30_000,
      samples: 4,
      apiFailures: 2,
      diedAtMs: 30_000,
    });
  });
});
