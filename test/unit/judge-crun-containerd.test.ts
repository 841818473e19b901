import { describe, expect, test } from "vitest";
import type { ContainerdTrials } from "../../helpers/probes/containerd-trials.js";
import { classifyRuntimeError } from "../../helpers/probes/runtime-error-class.js";
import { judgeCrunBehindContainerd } from "../../suites/containerd/judge-crun.js";

const run = (stderr: string, ran = false) => ({
  cgroupsPath: "/k8s.io/ab",
  argv: ["ctr", "run"],
  exitCode: ran ? 0 : 1,
  stdout: ran ? "container-ran\n" : "",
  stderr,
  ms: 900,
  preCreated: null,
  leftovers: [],
  cleanupMs: 10,
  ran,
  error: classifyRuntimeError(ran ? "" : stderr),
});
const result = (over: Partial<ContainerdTrials>): ContainerdTrials => ({
  containerdVersion: "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3",
  mode: "image",
  setup: [],
  blockedAt: null,
  degraded: [],
  trials: [],
  classes: {},
  ...over,
});
const ENOENT =
  "ctr: failed to create shim task: OCI runtime create failed: open `/sys/fs/cgroup/memory/k8s.io/ab/cgroup.procs`: No such file or directory: unknown";

describe("containerd/crun-without-kernel-cgroups", () => {
  test("a container that ran does not hold, with containerd's version", () => {
    const r = judgeCrunBehindContainerd(result({ trials: [run("", true), run("", true)] }));
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toBe(
      "containerd 1.6.20 ran 2/2 container(s) on crun without kernel-backed cgroup files (ran 2)",
    );
  });
  test("crun failing at its cgroup files holds", () => {
    expect(judgeCrunBehindContainerd(result({ trials: [run(ENOENT)] })).verdict).toBe("holds");
  });
  test("stopped before its cgroups, past them elsewhere, or containerd never ready: blocked, never a verdict", () => {
    const early = judgeCrunBehindContainerd(result({ trials: [run("set child subreaper: Invalid argument")] }));
    expect(early.verdict).toBe("blocked");
    expect(early.summary).toMatch(/^crun was stopped before its cgroups \(child-subreaper-refused 1\)/);
    const past = judgeCrunBehindContainerd(result({ trials: [run("ioctl(SIOCSIFFLAGS): Inappropriate ioctl")] }));
    expect(past.verdict).toBe("blocked");
    expect(past.summary).toMatch(/^crun got past its cgroup files and stopped elsewhere/);
    const never = judgeCrunBehindContainerd(
      result({ blockedAt: { step: "start containerd", stderr: "failed to start shim" } }),
    );
    expect(never).toEqual({ verdict: "blocked", summary: "blocked at start containerd: failed to start shim" });
  });
});
