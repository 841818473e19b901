import { describe, expect, test } from "vitest";
import type { ContainerdTrials } from "../../helpers/probes/containerd-trials.js";
import { classifyRuntimeError } from "../../helpers/probes/runtime-error-class.js";
import { hasChain, judgePodSandboxError } from "../../suites/containerd/judge-containerd.js";

const CHAIN =
  "failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: " +
  "unable to apply cgroup configuration: failed to write 9: open /sys/fs/cgroup/memory/k8s.io/ab/cgroup.procs: no such file or directory: unknown";
const SHIM = "failed to start shim: start failed: io.containerd.runc.v2: invalid argument: exit status 1: unknown";
const trial = (text: string, ran = false) => ({
  cgroupsPath: "/k8s.io/ab",
  argv: ["ctr"],
  exitCode: ran ? 0 : 1,
  stdout: "",
  stderr: text,
  ms: 500,
  preCreated: null,
  leftovers: [],
  cleanupMs: 0,
  ran,
  error: classifyRuntimeError(text),
});
const result = (...trials: ReturnType<typeof trial>[]): ContainerdTrials => ({
  containerdVersion: "1.6.20",
  mode: "image",
  setup: [],
  blockedAt: null,
  degraded: [],
  trials,
  classes: {},
});

describe("containerd/pod-sandbox-error", () => {
  test("the whole chain, in order", () => {
    expect(hasChain(CHAIN)).toBe(true);
    expect(hasChain("runc create failed: failed to create shim task: OCI runtime create failed")).toBe(false);
  });
  test("holds when the trials fail with the chain; not when containers run", () => {
    expect(judgePodSandboxError(result(trial(CHAIN), trial(CHAIN))).verdict).toBe("holds");
    expect(judgePodSandboxError(result(trial("", true), trial("", true))).verdict).toBe("does-not-hold");
  });
  test("blocked when a setup step failed or runc was never reached", () => {
    const blocked = { ...result(), blockedAt: { step: "start containerd", stderr: "boom" } };
    expect(judgePodSandboxError(blocked).summary).toBe("blocked at start containerd: boom");
    expect(judgePodSandboxError(result(trial(SHIM), trial(SHIM))).verdict).toBe("blocked");
  });
});

test("a summary names the chain even when no trial showed it", () => {
  expect(judgePodSandboxError(result(trial("", true))).summary).toMatch(/^0\/1 chain: \(any cause\)/);
});
