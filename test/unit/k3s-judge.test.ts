import { containerStartError } from "../../suites/k3s/k3s-probes.js";
import { describe, expect, test } from "vitest";
import { latestSandboxFailure, parseDescribeEvents, type PodEvent } from "../../helpers/k3s/event-classify.js";
import type { ReadinessResult } from "../../helpers/k3s/readiness.js";
import type { StabilitySample } from "../../helpers/k3s/stability.js";
import {
  judgeControlPlane,
  judgePodSandbox,
  judgeServerStable,
  logClassFor,
  type PodSandboxObservation,
  judgePodNeverRuns,
  type PodNeverRunsObservation,
} from "../../suites/k3s/judge-k3s.js";
import { CONTROL_PLANE_CAPABILITIES } from "../../suites/k3s/findings.js";
import { EXP16_SANDBOX_ENOENT, EXP17_POD_EVENTS } from "./fixtures/log-messages.js";

const ready: ReadinessResult = {
  ready: true,
  elapsedMs: 42_000,
  metAtMs: {},
  pending: [],
  polls: 20,
  lastError: null,
};
const notReady: ReadinessResult = {
  ...ready,
  ready: false,
  elapsedMs: 180_000,
  pending: ["api /readyz"],
  lastError: "connection refused",
};
const samples = (n: number, over: Partial<StabilitySample> = {}): StabilitySample[] =>
  Array.from({ length: n }, (_, i) => ({
    atMs: i * 10_000,
    processAlive: true,
    apiOk: true,
    latencyMs: 9,
    ...over,
  }));

describe("k3s/server-stable", () => {
  test("holds: ready, then alive and answering over the whole watch", () => {
    const r = judgeServerStable(ready, samples(13), 120_000);
    expect(r).toMatchObject({ verdict: "holds", stats: { trials: 13, counts: { ok: 13, failed: 0 } } });
    expect(r.summary).toBe("ready in 42 s; up 120 s, /readyz ok in all 13 samples");
  });
  test("does not hold: never ready (with the last error), died, or the API failed", () => {
    expect(judgeServerStable(notReady, [], 120_000).summary).toMatch(
      /not ready after 180 s: still waiting for api \/readyz \(last error: connection refused\)/,
    );
    const ended = { ...notReady, elapsedMs: 64_000, ended: "kubelet exited with status 1" };
    expect(judgeServerStable(ended, [], 120_000).summary).toBe(
      "k3s server not ready: it ended after 64 s, before api /readyz: kubelet exited with status 1",
    );
    const died = [...samples(3), { atMs: 30_000, processAlive: false, apiOk: false, latencyMs: null }];
    expect(judgeServerStable(ready, died, 120_000)).toMatchObject({
      verdict: "does-not-hold",
      summary: "ready in 42 s, then k3s exited after 30 s",
    });
    const flaky = samples(13).map((s, i) => (i === 5 ? { ...s, apiOk: false } : s));
    expect(judgeServerStable(ready, flaky, 120_000).verdict).toBe("does-not-hold");
  });
});

describe("k3s/control-plane", () => {
  const all = CONTROL_PLANE_CAPABILITIES.map((c) => ({ id: c.id, verdict: "holds" as const, detail: "ok" }));
  test("holds only when every capability holds; stats count the verdicts", () => {
    expect(judgeControlPlane(ready, all)).toMatchObject({
      verdict: "holds",
      stats: { trials: 13, counts: { holds: 13 } },
    });
    const some = all.map((r) =>
      r.id === "coredns" || r.id === "helmchart"
        ? { ...r, verdict: "does-not-hold" as const, detail: "timed out" }
        : r,
    );
    const j = judgeControlPlane(ready, some);
    expect(j.verdict).toBe("does-not-hold");
    expect(j.summary).toBe("2 of 13 capabilities fail: coredns (timed out); helmchart (timed out)");
    expect(j.stats?.counts).toEqual({ holds: 11, "does-not-hold": 2, blocked: 0 });
  });
  test("a capability the source lacks is blocked: the finding is blocked unless another one fails", () => {
    const lacks = all.map((r) =>
      r.id === "helmchart" ? { ...r, verdict: "blocked" as const, detail: "no helm controller" } : r,
    );
    const j = judgeControlPlane(ready, lacks);
    expect(j).toMatchObject({
      verdict: "blocked",
      summary: "12 of 13 capabilities hold, none fails; not measured: helmchart (no helm controller)",
    });
    const alsoFails = lacks.map((r) =>
      r.id === "coredns" ? { ...r, verdict: "does-not-hold" as const, detail: "x" } : r,
    );
    expect(judgeControlPlane(ready, alsoFails)).toMatchObject({
      verdict: "does-not-hold",
      summary: "1 of 13 capabilities fail: coredns (x); not measured: helmchart (no helm controller)",
    });
  });
  test("blocked when the API never came up, or nothing was checked: never holds", () => {
    expect(judgeControlPlane(notReady, []).verdict).toBe("blocked");
    expect(judgeControlPlane(ready, []).verdict).toBe("blocked");
  });
});

describe("k3s/pod-sandbox-fails", () => {
  const base: PodSandboxObservation = {
    scheduled: true,
    containerCreating: true,
    running: false,
    failure: null,
    faker: "none",
    waitedMs: 30_000,
  };
  const failureOf = (message: string) =>
    latestSandboxFailure([{ type: "Warning", reason: "FailedCreatePodSandBox", message } satisfies PodEvent]);

  test("holds with the log's Experiment 16 message, as the log saw it without a faker", () => {
    const r = judgePodSandbox({ ...base, failure: failureOf(EXP16_SANDBOX_ENOENT.text) });
    expect(r.verdict).toBe("holds");
    expect(r.summary).toMatch(/^FailedCreatePodSandBox, cgroup-procs-enoent: .* \(faker none: as in the log\)$/);
  });
  test("holds with Experiment 17's events under an inotify faker; a class differing from the log is said", () => {
    const failure = latestSandboxFailure(parseDescribeEvents(EXP17_POD_EVENTS.text));
    expect(judgePodSandbox({ ...base, faker: "bash", failure }).summary).toMatch(/faker bash: as in the log/);
    expect(judgePodSandbox({ ...base, faker: "none", failure }).summary).toMatch(
      /the log saw cgroup-procs-enoent/,
    );
    expect(judgePodSandbox({ ...base, faker: "pre-created", failure }).summary).toMatch(/no class for this faker/);
  });
  test("does not hold when the sandbox was created and the container failed after it (cgroup v2 on the 2026-09-05 snapshot)", () => {
    const pod = {
      status: {
        phase: "Failed",
        containerStatuses: [
          {
            state: {
              terminated: {
                reason: "StartError",
                message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting cgroup config for procHooks process: unable to set unified resource "memory.oom.group": openat2 /sys/fs/cgroup/kubepods/besteffort/pod045e7d4f-3c56-411d-bf25-fc9269f157c1/26d247817287c3326f5e133b897170edbedabe111118607cb0fcbcfb86332ba4/memory.oom.group: no such file or directory`,
              },
            },
          },
        ],
      },
    };
    const startError = containerStartError(pod);
    expect(startError?.class).toBe("cgroup-v2-file-missing");
    const r = judgePodSandbox({ ...base, containerCreating: false, startError });
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toContain("the pod sandbox was created; its container failed to start after it");
    expect(r.summary).toContain("memory.oom.group");
    expect(containerStartError({ status: { containerStatuses: [{ state: { running: {} } }] } })).toBeNull();
    expect(containerStartError(null)).toBeNull();
  });
  test("does not hold when the pod runs, or fails on something other than cgroups", () => {
    expect(judgePodSandbox({ ...base, running: true }).verdict).toBe("does-not-hold");
    expect(
      judgePodSandbox({ ...base, failure: failureOf("failed to mount rootfs: exec format error") }),
    ).toMatchObject({
      verdict: "does-not-hold",
      summary: expect.stringContaining("not on cgroups: unknown"),
    });
  });
  test("blocked when an earlier step failed: not scheduled, no event yet, or no sandbox image", () => {
    expect(judgePodSandbox({ ...base, scheduled: false }).verdict).toBe("blocked");
    expect(judgePodSandbox(base).summary).toBe(
      "scheduled, ContainerCreating, but no FailedCreatePodSandBox within 30 s",
    );
    const pull = failureOf(
      'failed to get sandbox image "docker.io/rancher/mirrored-pause:3.6": failed to pull image',
    );
    expect(judgePodSandbox({ ...base, failure: pull })).toMatchObject({
      verdict: "blocked",
      summary: expect.stringContaining("GVC_K3S_POD_IMAGES"),
    });
  });
  test("the log's class per faker", () => {
    expect(["none", "poll", "bash", "ts", "pre-created"].map((f) => logClassFor(f as never))).toEqual([
      "cgroup-procs-enoent",
      "cgroup-procs-enoent",
      "cgroup-procs-not-cgroup-file",
      "cgroup-procs-not-cgroup-file",
      null,
    ]);
  });
});

describe("k3s/pod-never-runs", () => {
  const base: PodNeverRunsObservation = {
    ready,
    scheduled: true,
    node: "runsc",
    timeline: [
      { atMs: 0, phase: "Pending", waiting: [] },
      { atMs: 2_000, phase: "Pending", waiting: ["ContainerCreating"] },
    ],
    running: false,
    failure: null,
    logs: null,
    exec: null,
    waitedMs: 60_000,
  };
  const failureOf = (message: string) =>
    latestSandboxFailure([{ type: "Warning", reason: "FailedCreatePodSandBox", message } satisfies PodEvent]);

  test("holds: scheduled and never Running over the watch, with the sandbox failure's class", () => {
    const r = judgePodNeverRuns({ ...base, failure: failureOf(EXP16_SANDBOX_ENOENT.text) });
    expect(r.verdict).toBe("holds");
    expect(r.summary).toMatch(
      /^scheduled on node runsc, not Running after 60 s: Pending \(ContainerCreating\); FailedCreatePodSandBox: cgroup-procs-enoent: /,
    );
  });
  test("does not hold: the pod reached Running; logs and exec answers are said", () => {
    const running = {
      ...base,
      running: true,
      timeline: [...base.timeline, { atMs: 9_000, phase: "Running", waiting: [] }],
      logs: "gvc-pod: container started\n",
      exec: "gvc-exec-ok\n",
    };
    expect(judgePodNeverRuns(running)).toEqual({
      verdict: "does-not-hold",
      summary:
        'the pod reached Running on node runsc after 9 s; logs: "gvc-pod: container started"; exec: "gvc-exec-ok"',
    });
    expect(judgePodNeverRuns({ ...running, exec: null }).summary).toContain("exec failed");
  });
  test("blocked when an earlier step failed: cluster not ready, not scheduled, or the image missing", () => {
    expect(judgePodNeverRuns({ ...base, ready: notReady }).verdict).toBe("blocked");
    expect(judgePodNeverRuns({ ...base, scheduled: false }).summary).toBe("the pod was not scheduled within 60 s");
    const noImage = { ...base, timeline: [{ atMs: 1_000, phase: "Pending", waiting: ["ErrImageNeverPull"] }] };
    expect(judgePodNeverRuns(noImage)).toMatchObject({ verdict: "blocked" });
  });
});
