import { describe, expect, test } from "vitest";
import { judgeClassShare } from "../../helpers/finding/class-share.js";
import type { RuncTrial, RuncTrials } from "../../helpers/probes/runc-trials.js";
import { classifyRuntimeError } from "../../helpers/probes/runtime-error-class.js";
import { describeRace, fakerReaction } from "../../suites/faker/race-numbers.js";
import {
  judgeCgroupNamespace,
  judgeNeverStarts,
  judgeTrials,
  pathLines,
} from "../../suites/runc/trial-verdicts.js";

const ENOENT =
  "runc run failed: unable to start container process: unable to apply cgroup configuration: failed to write 23: open /sys/fs/cgroup/memory/k8s.io/ab/cgroup.procs: no such file or directory";
const FAKE =
  "runc run failed: ... failed to write 23: open /sys/fs/cgroup/memory/k8s.io/ab/cgroup.procs: not a cgroup file";
const PROCFS = 'level=error msg="runc run failed: unsafe procfs detected: incorrect procfs root inode number 86"';
const trial = (stderr: string, exitCode = 1): RuncTrial => ({
  id: "ab",
  cgroupsPath: "/k8s.io/ab",
  argv: ["runc"],
  exitCode,
  stdout: "",
  stderr,
  ms: 100,
});
const trials = (...t: RuncTrial[]): RuncTrials => ({
  runtime: "runc",
  runtimeVersion: "runc version 1.1.5",
  versionStep: { argv: ["runc", "--version"], exitCode: 0, stdout: "runc version 1.1.5", stderr: "" },
  bundle: { argv: ["runc", "spec"], exitCode: 0, stdout: "", stderr: "", ms: 5 },
  trials: t,
  traced: null,
});

describe("statistical verdicts over error classes", () => {
  test("holds at 90% of the claimed class, not below", () => {
    expect(judgeClassShare({ a: 9, b: 1 }, ["a"]).verdict).toBe("holds");
    expect(judgeClassShare({ a: 8, b: 2 }, ["a"]).verdict).toBe("does-not-hold");
    expect(judgeClassShare({}, ["a"]).verdict).toBe("blocked");
  });
  test("runc trials: the claimed class, and blocked when runc fails before any cgroup write", () => {
    expect(judgeTrials(trials(trial(ENOENT), trial(ENOENT)), ["cgroup-procs-enoent"]).verdict).toBe("holds");
    expect(judgeTrials(trials(trial(FAKE), trial(FAKE)), ["cgroup-procs-enoent"]).verdict).toBe("does-not-hold");
    const early = judgeTrials(trials(trial(PROCFS)), ["cgroup-procs-not-cgroup-file"]);
    expect(early.verdict).toBe("blocked");
    expect(early.summary).toContain("unsafe-procfs");
  });
  test("a bundle that could not be made blocks every runc finding", () => {
    const r = {
      ...trials(),
      bundle: { argv: ["runc", "spec"], exitCode: 1, stdout: "", stderr: "boom", ms: 1 },
    };
    expect(judgeTrials(r, ["x"]).verdict).toBe("blocked");
  });
  test("never starts: holds on any failure, not when one trial ran the container", () => {
    expect(judgeNeverStarts([trials(trial(ENOENT)), trials(trial(PROCFS))]).verdict).toBe("holds");
    const started = judgeNeverStarts([trials(trial(ENOENT), trial("", 0))]);
    expect(started.verdict).toBe("does-not-hold");
    expect(started.summary).toMatch(/^1 trial\(s\) started the container/);
  });
  test("runc 1.2+'s procfs check has its own class", () => {
    expect(classifyRuntimeError(PROCFS).class).toBe("unsafe-procfs");
  });
});

describe("race numbers", () => {
  test("our faker's reaction comes from its filled line for the directory", () => {
    const log =
      '{"event":"ready"}\n{"event":"filled","path":"/sys/fs/cgroup/memory/k8s.io/ab","clock":"ctime","doneUs":5080,"detectedUs":900}';
    expect(fakerReaction(log, "memory/k8s.io/ab")).toEqual({ doneMs: 5.08, clock: "ctime" });
    expect(fakerReaction(log, "memory/k8s.io/cd")).toBeNull();
    expect(describeRace(1.39, { doneMs: 5.08, clock: "ctime" })).toBe(
      "runc window 1.39 ms (traced); faker done 5.08 ms after the directory's creation",
    );
  });
  test("the traced lines that show runc's path", () => {
    const lines = [
      'x openat2(-1, "/sys/fs/cgroup") = -1 ENOSYS',
      "y mmap()",
      "z fstatfs(3, {f_type=TMPFS_MAGIC})",
    ];
    expect(pathLines(lines)).toEqual([lines[0], lines[2]]);
  });
  test("crun's and youki's paths: their cgroup opens, not youki's openat2 calls under /proc", () => {
    const lines = [
      '820 openat2(12, "self", {flags=O_RDONLY|O_PATH, resolve=RESOLVE_BENEATH}, 24) = 13',
      '820 openat2(13, "cgroup", {flags=O_RDONLY, resolve=RESOLVE_BENEATH}, 24) = 14',
      '696 openat(AT_FDCWD, "/sys/fs/cgroup/k8s.io/ab/cgroup.procs", O_WRONLY|O_CLOEXEC) = -1 ENOENT',
      '778 openat(AT_FDCWD, "/sys/fs/cgroup/memory/k8s.io/ab/cgroup.procs", O_WRONLY|O_CREAT|O_TRUNC, 0700) = 4',
      '846 openat2(3, "devices/k8s.io/ab/cgroup.procs", {flags=O_RDONLY, resolve=RESOLVE_BENEATH}, 24) = 7',
    ];
    expect(pathLines(lines)).toEqual(lines.slice(2));
  });
});

describe("runc/cgroup-namespace-unsupported", () => {
  const NS =
    'time="2026-12-06T05:36:13Z" level=error msg="runc run failed: cgroup namespaces aren\'t enabled in the kernel"';
  const started = trial("", 0);
  test("the control starts, none with the namespace does: holds, with runc's words", () => {
    const r = judgeCgroupNamespace(trials(started), trials(trial(NS), trial(NS)));
    expect(r.verdict).toBe("holds");
    expect(r.summary).toBe(
      `without a cgroup namespace the container starts; with one no trial did (cgroup-namespace-unsupported 2): ${NS}`,
    );
  });
  test("a trial with the namespace started: does not hold", () => {
    expect(judgeCgroupNamespace(trials(started), trials(started, trial(NS))).summary).toBe(
      "1/2 trial(s) with a cgroup namespace started the container (failed: cgroup-namespace-unsupported 1)",
    );
  });
  test("the control does not start either: blocked with its class, never a verdict on the namespace", () => {
    const r = judgeCgroupNamespace(trials(trial(PROCFS)), trials(trial(PROCFS)));
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toMatch(/^runc starts no container here even without a cgroup namespace \(unsafe-procfs\)/);
  });
});
