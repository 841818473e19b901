import { describe, expect, test } from "vitest";
import {
  eventsFromKubectlJson,
  latestSandboxFailure,
  parseDescribeEvents,
  sandboxFailureCount,
  sandboxFailures,
} from "../../helpers/k3s/event-classify.js";
import { EXP16_SANDBOX_ENOENT, EXP17_POD_EVENTS, EXP17_SANDBOX_NOT_CGROUP_FILE } from "./fixtures/log-messages.js";

describe("pod events (the log's Experiment 17 events)", () => {
  test("the describe block reads as two events, the wrapped message joined back", () => {
    const events = parseDescribeEvents(EXP17_POD_EVENTS.text);
    expect(events.map((e) => [e.type, e.reason, e.from])).toEqual([
      ["Normal", "Scheduled", "default-scheduler"],
      ["Warning", "FailedCreatePodSandBox", "kubelet"],
    ]);
    expect(events[1]?.message).toBe(EXP17_SANDBOX_NOT_CGROUP_FILE.text);
  });
  test("FailedCreatePodSandBox is found and classified: not a cgroup file", () => {
    const failure = latestSandboxFailure(parseDescribeEvents(EXP17_POD_EVENTS.text));
    expect(failure?.classified.class).toBe("cgroup-procs-not-cgroup-file");
    expect(failure?.classified.layers.at(-1)).toBe(
      "failed to write <PID>: open /sys/fs/cgroup/memory/k8s.io/<ID>/cgroup.procs: not a cgroup file",
    );
  });
  test("no sandbox failure among other events: null", () => {
    expect(latestSandboxFailure(parseDescribeEvents(EXP17_POD_EVENTS.text.split("\n")[0] ?? ""))).toBeNull();
  });
  test("repeats: `(x4 over 3m)` is the count", () => {
    const line = `  Warning  FailedCreatePodSandBox  2m (x4 over 3m)  kubelet  ${EXP16_SANDBOX_ENOENT.text.split("\n")[0]}`;
    expect(parseDescribeEvents(line)[0]).toMatchObject({
      reason: "FailedCreatePodSandBox",
      count: 4,
      from: "kubelet",
    });
  });
  test("failed attempts: the counts of the sandbox failures, other events not counted", () => {
    const failed = (count?: number) => ({
      type: "Warning",
      reason: "FailedCreatePodSandBox",
      message: "x",
      count,
    });
    const scheduled = { type: "Normal", reason: "Scheduled", message: "assigned", count: 7 };
    expect(sandboxFailureCount([scheduled])).toBe(0);
    expect(sandboxFailureCount([scheduled, failed()])).toBe(1);
    expect(sandboxFailureCount([failed(), failed(3)])).toBe(4);
  });
});

describe("events from kubectl get events -o json", () => {
  const list = {
    kind: "List",
    items: [
      {
        type: "Warning",
        reason: "FailedCreatePodSandBox",
        message: EXP17_SANDBOX_NOT_CGROUP_FILE.text,
        count: 3,
        lastTimestamp: "2025-11-22T23:21:50Z",
        source: { component: "kubelet" },
      },
      {
        type: "Normal",
        reason: "Scheduled",
        message: "Successfully assigned nginx-test/nginx-hostnet-9b8d5f8dc-mznql to runsc",
        lastTimestamp: "2025-11-22T23:21:08Z",
        source: { component: "default-scheduler" },
      },
      {
        type: "Warning",
        reason: "FailedCreatePodSandBox",
        message: EXP16_SANDBOX_ENOENT.text,
        lastTimestamp: "2025-11-22T23:21:10Z",
      },
    ],
  };
  test("sorted oldest first; every sandbox failure classified; the latest is Experiment 17's", () => {
    const events = eventsFromKubectlJson(list);
    expect(events.map((e) => e.reason)).toEqual(["Scheduled", "FailedCreatePodSandBox", "FailedCreatePodSandBox"]);
    expect(sandboxFailures(events).map((f) => f.classified.class)).toEqual([
      "cgroup-procs-enoent",
      "cgroup-procs-not-cgroup-file",
    ]);
    expect(latestSandboxFailure(events)?.event).toMatchObject({ count: 3, from: "kubelet" });
  });
  test("not an event list: no events", () => {
    expect(eventsFromKubectlJson(null)).toEqual([]);
    expect(eventsFromKubectlJson({ items: "x" })).toEqual([]);
  });
});
