import { describe, expect, test } from "vitest";
import {
  blockedAt,
  classifyTrial,
  countClasses,
  degradedSteps,
  representativeTrials,
  trialErrorText,
  type RawTrial,
  type SetupStep,
} from "../../helpers/probes/containerd-trials-result.js";

// Messages as containerd-trials.mjs captured them in the sandboxes (ids shortened where they do not matter).
const ID = "1cb5025f646ff78f7f4a45a6c4566a72f26e4fd4d7ad6b835acfde1d58cb90ef";
const NOT_CGROUP_FILE = `ctr: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply cgroup configuration: failed to write 407: open /sys/fs/cgroup/memory/k8s.io/${ID}/cgroup.procs: not a cgroup file: unknown\n`;
const ENOENT = `ctr: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply cgroup configuration: failed to write 797: open /sys/fs/cgroup/memory/k8s.io/${ID}/cgroup.procs: no such file or directory: unknown\n`;
const SHIM =
  "ctr: failed to start shim: start failed: io.containerd.runc.v2: invalid argument: exit status 1: unknown\n";
const CLEANUP_AFTER_RUN = [
  `time="2026-11-28T21:07:00Z" level=error msg="failed to cleanup task" error="failed to delete task: ..."`,
  `ctr: failed to delete task: failed to delete task: unable to destroy container: unable to remove container's cgroup: Failed to remove paths: map[memory:/sys/fs/cgroup/memory/k8s.io/${ID}]`,
  "",
].join("\n");

const step = (name: string, exitCode = 0, stderr = ""): SetupStep => ({
  step: name,
  argv: [name],
  exitCode,
  stderr,
  ms: 1,
});
const trial = (over: Partial<RawTrial>): RawTrial => ({
  cgroupsPath: `/k8s.io/${ID}`,
  argv: ["ctr", "run"],
  exitCode: 1,
  stdout: "",
  stderr: "",
  ms: 500,
  preCreated: null,
  leftovers: [],
  cleanupMs: 300,
  ...over,
});

describe("blockedAt / degradedSteps", () => {
  const importFailed = step(
    "import image",
    1,
    "ctr: failed to extract layer sha256:x: failed to mount /tmp/m: invalid argument\n",
  );
  test("no mode: the first failed step, with its error", () => {
    const setup = [
      step("containerd --version"),
      step("start containerd", 1, "connection refused\n"),
      importFailed,
    ];
    expect(blockedAt({ mode: null, setup })).toEqual({ step: "start containerd", stderr: "connection refused" });
    expect(degradedSteps({ mode: null, setup })).toEqual([]);
  });
  test("trials ran (image or --rootfs fallback): not blocked; a failed import is a degraded step", () => {
    const setup = [step("start containerd"), importFailed, step("fall back to --rootfs")];
    expect(blockedAt({ mode: "rootfs", setup })).toBeNull();
    expect(degradedSteps({ mode: "rootfs", setup })).toEqual([importFailed]);
    expect(blockedAt({ mode: "image", setup: [step("import image")] })).toBeNull();
  });
  test("no mode and no failed step still says blocked", () => {
    expect(blockedAt({ mode: null, setup: [] })?.step).toBe("(none failed)");
  });
});

describe("trialErrorText / classifyTrial", () => {
  test("ctr exited 0: success, also when ctr lost the container's output", () => {
    for (const stdout of ["container-ran\n", ""]) {
      const t = classifyTrial(trial({ exitCode: 0, stdout }));
      expect(t.ran).toBe(true);
      expect(t.error.class).toBe("success");
    }
  });
  test("Exp 17 in the sandbox: `ctr: ` stripped, the containerd chain split into layers", () => {
    const t = classifyTrial(trial({ stderr: NOT_CGROUP_FILE }));
    expect(t.ran).toBe(false);
    expect(t.error.class).toBe("cgroup-procs-not-cgroup-file");
    expect(t.error.layers.slice(0, 5)).toEqual([
      "failed to create shim task",
      "OCI runtime create failed",
      "runc create failed",
      "unable to start container process",
      "unable to apply cgroup configuration",
    ]);
    expect(t.error.layers.at(-1)).toBe(
      "failed to write <PID>: open /sys/fs/cgroup/memory/k8s.io/<ID>/cgroup.procs: not a cgroup file",
    );
  });
  test("Exp 16 in the sandbox: cgroup.procs missing", () => {
    expect(classifyTrial(trial({ stderr: ENOENT })).error.class).toBe("cgroup-procs-enoent");
  });
  test("gVisor 20221219: the shim does not start (prctl PR_SET_CHILD_SUBREAPER fails with EINVAL)", () => {
    const t = classifyTrial(trial({ stderr: SHIM }));
    expect(t.ran).toBe(false);
    expect(t.error.normalised).toBe(
      "failed to start shim: start failed: io.containerd.runc.v2: invalid argument: exit status 1: unknown",
    );
  });
  test("log lines before ctr's own error are left out", () => {
    expect(trialErrorText(trial({ stdout: "container-ran\n", stderr: CLEANUP_AFTER_RUN }))).toMatch(
      /^failed to delete task: .*Failed to remove paths/,
    );
    const t = classifyTrial(trial({ stdout: "container-ran\n", stderr: CLEANUP_AFTER_RUN }));
    expect(t.ran).toBe(true);
    expect(t.error.class).toBe("cgroup-other");
  });
  test("no ctr line: the whole stderr; nothing at all: the exit code", () => {
    expect(trialErrorText(trial({ stderr: "[probe] timed out after 60 s\n", exitCode: -1 }))).toBe(
      "[probe] timed out after 60 s",
    );
    expect(trialErrorText(trial({ exitCode: 2 }))).toBe("exit 2 without output");
  });
});

describe("countClasses / representativeTrials", () => {
  const ODD = "ctr: something nobody has classified\n";
  const trials = [ENOENT, ENOENT, ODD, NOT_CGROUP_FILE, ODD].map((stderr) => classifyTrial(trial({ stderr })));
  test("counts per class", () => {
    expect(countClasses(trials)).toEqual({
      "cgroup-procs-enoent": 2,
      unknown: 2,
      "cgroup-procs-not-cgroup-file": 1,
    });
  });
  test("the first trial of each class, up to max", () => {
    expect(representativeTrials(trials)).toEqual([0, 2, 3]);
    expect(representativeTrials(trials, 2)).toEqual([0, 2]);
    expect(representativeTrials([])).toEqual([]);
  });
});
