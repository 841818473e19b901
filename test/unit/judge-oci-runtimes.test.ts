import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseOciRuntimes, type OciRuntime } from "../../helpers/env/oci-runtimes.js";
import { cargoArgv, cargoBuildKey } from "../../helpers/host/cargo-build.js";
import { ensureOciRuntimeBuilds } from "../../helpers/host/oci-runtime-builds.js";
import type { RuncTrial, RuncTrials } from "../../helpers/probes/runc-trials.js";
import { classifyRuntimeError, isCgroupApplyFailure } from "../../helpers/probes/runtime-error-class.js";
import { judgeAllRuntimes, runtimeOutcome } from "../../suites/oci-runtimes/judge-all-runtimes.js";
import { judgeNeverStarts, judgeTrials } from "../../suites/runc/trial-verdicts.js";

// Recorded inside gVisor on this host (2026-12-06): bookworm image, crun 1.8.1 and youki 0.7.0.
const ID = "8e13b5f222fb723d17bbbc6cd82bc99474bad67a9f776aa0d0c3e4b2a1f0e9d8";
const YOUKI_ENOENT =
  `ERROR libcontainer::process::container_intermediate_process: failed to add task to cgroup pid=Pid(106) ` +
  `err=V1(MemoryController(WrappedIo(Open { err: Os { code: 2, kind: NotFound, message: "No such file or ` +
  `directory" }, path: "/sys/fs/cgroup/memory/k8s.io/${ID}/cgroup.procs" })))`;
const YOUKI_PROCFS =
  "thread 'main' (105) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/pathrs-0.2.5/src/" +
  "procfs.rs:200:14:\nat least one candidate /proc/thread-self path should work";
const YOUKI_MOUNT =
  'ERROR libcontainer::rootfs::mount: failed to mount Mount { destination: "/proc", typ: Some("proc"), source: ' +
  'Some("proc"), options: None, uid_mappings: None, gid_mappings: None }: syscall\nERROR ' +
  "libcontainer::process::init::process: failed to prepare rootfs err=Mount(Syscall(Nix(ENOSYS)))";
const CRUN_SETGROUPS = "error opening file `/proc/self/setgroups`: No such file or directory";
const CRUN_LOOPBACK = "ioctl(SIOCSIFFLAGS): Inappropriate ioctl for device";
const CRUN_128_LOOPBACK = "ioctl SIOCSIFFLAGS: Inappropriate ioctl for device";
const RUNC_ENOENT =
  "runc run failed: unable to start container process: unable to apply cgroup configuration: failed to write 23: " +
  "open /sys/fs/cgroup/memory/k8s.io/ab/cgroup.procs: no such file or directory";

const trial = (stderr: string, exitCode = 1): RuncTrial => ({
  id: "ab",
  cgroupsPath: "/k8s.io/ab",
  argv: ["x"],
  exitCode,
  stdout: exitCode === 0 ? "container-ran\n" : "",
  stderr,
  ms: 100,
});
const trials = (runtime: string, version: string, ...t: RuncTrial[]): RuncTrials => ({
  runtime,
  runtimeVersion: version,
  versionStep: { argv: [runtime, "--version"], exitCode: 0, stdout: version, stderr: "" },
  bundle: { argv: ["runc", "spec"], exitCode: 0, stdout: "", stderr: "", ms: 5 },
  trials: t,
  traced: null,
});
const missing = (runtime: string): RuncTrials => ({
  ...trials(runtime, ""),
  versionStep: {
    argv: [runtime, "--version"],
    exitCode: -1,
    stdout: "",
    stderr: `Error: spawnSync ${runtime} ENOENT`,
  },
});

describe("the error classes of crun and youki", () => {
  test("youki's cgroup.procs ENOENT is the log's class, a cgroup failure", () => {
    const c = classifyRuntimeError(YOUKI_ENOENT);
    expect(c.class).toBe("cgroup-procs-enoent");
    expect(isCgroupApplyFailure(c)).toBe(true);
  });
  test("failures before any cgroup: crun without /proc/self/setgroups, youki's procfs check", () => {
    expect(classifyRuntimeError(CRUN_SETGROUPS).class).toBe("setgroups-missing");
    expect(classifyRuntimeError(YOUKI_PROCFS).class).toBe("unsafe-procfs");
    const lost =
      'ERROR libcontainer::container::builder_impl: failed to run container process failed to receive. "waiting ' +
      'for intermediate process". BrokenChannel';
    expect(classifyRuntimeError(lost).class).toBe("intermediate-process-lost");
    const devices =
      "ERROR libcontainer::process::container_intermediate_process: failed to apply cgroup pid=Pid(1145) " +
      "err=V1(CGroupRequired(Devices)) init=true";
    expect(classifyRuntimeError(devices).class).toBe("cgroup-mount-missing");
  });
  test("failures after the cgroups: crun's loopback ioctl (1.8.1 and 1.28), youki's mount_setattr", () => {
    expect(classifyRuntimeError(CRUN_LOOPBACK).class).toBe("netns-loopback-refused");
    expect(classifyRuntimeError(CRUN_128_LOOPBACK).class).toBe("netns-loopback-refused");
    expect(classifyRuntimeError(YOUKI_MOUNT).class).toBe("mount-setattr-enosys");
    expect(isCgroupApplyFailure(classifyRuntimeError(CRUN_LOOPBACK))).toBe(false);
  });
});

describe("the runc claims asked of another runtime", () => {
  test("a runtime the image lacks blocks every claim, with one line naming it", () => {
    for (const result of [
      judgeTrials(missing("youki"), ["cgroup-procs-enoent"]),
      judgeNeverStarts([missing("youki")]),
    ]) {
      expect(result.verdict).toBe("blocked");
      expect(result.summary).toMatch(
        /^youki is not installed in the image \(`youki --version` exit -1: .*ENOENT\)$/,
      );
    }
  });
  test("crun creates cgroup.procs and stops at the loopback: not the log's ENOENT", () => {
    const r = trials("crun", "crun version 1.8.1", trial(CRUN_LOOPBACK), trial(CRUN_LOOPBACK));
    expect(judgeTrials(r, ["cgroup-procs-enoent"]).verdict).toBe("does-not-hold");
    expect(judgeNeverStarts([r]).verdict).toBe("holds");
  });
  test("crun stopped before its cgroups (20240729's procfs) is blocked, named with its version", () => {
    const r = judgeTrials(trials("crun", "crun version 1.8.1", trial(CRUN_SETGROUPS)), ["cgroup-procs-enoent"]);
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toMatch(/^crun version 1\.8\.1 failed before applying cgroups \(setgroups-missing\)/);
  });
});

describe("oci-runtime/all-need-kernel-cgroups", () => {
  const runc = trials("runc", "runc version 1.1.5", trial(RUNC_ENOENT), trial(RUNC_ENOENT));
  const youki = trials("youki", "youki version: 0.7.0", trial(YOUKI_ENOENT), trial(YOUKI_ENOENT));
  test("holds when every judged runtime failed at its cgroup files", () => {
    const r = judgeAllRuntimes([runc, youki, missing("crun")]);
    expect(r.verdict).toBe("holds");
    expect(r.summary).toContain("2 of 3 failed at their cgroup files");
    expect(r.summary).toContain("crun: not judged (crun is not installed in the image");
    expect(r.stats?.counts).toEqual({ "failed-at-cgroups": 2, "not-judged": 1 });
  });
  test("does not hold when one runtime started the container, named with its version", () => {
    const crun = trials("crun", "crun version 1.8.1", trial("", 0), trial("", 0));
    const r = judgeAllRuntimes([runc, crun, youki]);
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toMatch(/^crun started a container without kernel-backed cgroup files: /);
    expect(r.summary).toContain("crun version 1.8.1: started the container in 2/2");
  });
  test("a runtime past its cgroups that stops elsewhere is not judged; none judged is blocked", () => {
    const crun = trials("crun", "crun version 1.8.1", trial(CRUN_LOOPBACK));
    expect(runtimeOutcome(crun).outcome).toEqual({
      kind: "not-judged",
      why: "past its cgroup files, stopped at netns-loopback-refused",
    });
    const early = trials("youki", "youki version: 0.7.0", trial(YOUKI_PROCFS));
    const r = judgeAllRuntimes([crun, early, missing("runc")]);
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toMatch(/^no runtime reached its cgroup files: /);
  });
});

describe("fixtures/oci-runtimes.json and the cargo build", () => {
  test("a malformed entry is named, not guessed", () => {
    expect(() => parseOciRuntimes({ runtimes: [{ name: "x", source: { kind: "brew" } }] }, "f.json")).toThrow(
      'f.json: runtimes[0] (x): "source" must be {kind: debian, package} or {kind: cargo, crate, version}',
    );
    expect(() => parseOciRuntimes({}, "f.json")).toThrow('f.json: expected an object with a "runtimes" list');
  });
  const youki: OciRuntime = {
    name: "youki",
    source: { kind: "cargo", crate: "youki", version: "0.7.0", noDefaultFeatures: true, features: ["v1", "v2"] },
    why: "",
  };
  test("cargo install, locked, with the features asked for; the key changes with the toolchain", () => {
    if (youki.source.kind !== "cargo") throw new Error("unreachable");
    expect(cargoArgv(youki.source, "/c")).toEqual([
      "cargo",
      "install",
      "youki",
      "--version",
      "0.7.0",
      "--locked",
      "--no-default-features",
      "--features",
      "v1,v2",
      "--root",
      "/c",
    ]);
    expect(cargoBuildKey(youki.source, "cargo 1.95.0")).not.toBe(cargoBuildKey(youki.source, "cargo 1.96.0"));
  });
  test("a build that cannot run leaves the runtime out of the image context with its reason, never throws", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gvc-oci-"));
    writeFileSync(path.join(dir, "youki"), "stale");
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const [outcome] = await ensureOciRuntimeBuilds([youki], dir);
      expect(outcome).toEqual({
        name: "youki",
        status: "failed",
        detail: "cannot build youki: no Rust toolchain (the cargo command is not on PATH)",
      });
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("a trial that did not return", () => {
  test("is a failed step: blocked, never evidence that the container did not start", () => {
    const hung: RuncTrial = { ...trial("Error: spawnSync youki ETIMEDOUT", -1), timedOut: true, ms: 20_004 };
    const r = trials("youki", "youki version: 0.7.0", trial("", 0), hung);
    for (const result of [judgeNeverStarts([r]), judgeTrials(r, ["cgroup-procs-enoent"])]) {
      expect(result.verdict).toBe("blocked");
      expect(result.summary).toBe(
        "youki version: 0.7.0 did not return within 20 s and was killed (trial 2 of 2): a step that failed to run, no verdict",
      );
    }
    expect(runtimeOutcome(r).outcome.kind).toBe("not-judged");
  });
  test("whose container had run before the runtime hung counts as started: that much was measured", () => {
    const ranThenHung: RuncTrial = { ...trial("", -1), stdout: "container-ran\n", timedOut: true, ms: 20_002 };
    const r = trials("youki", "youki version: 0.7.0", trial("", 0), ranThenHung);
    expect(judgeNeverStarts([r]).verdict).toBe("does-not-hold");
    expect(judgeTrials(r, ["cgroup-procs-not-cgroup-file"]).summary).toBe(
      "0/2 cgroup-procs-not-cgroup-file (needs 90%); all: success 2",
    );
  });
});

describe("more of crun's words, recorded", () => {
  test("20221219 refuses crun's child subreaper before any cgroup; v2's tmpfs cgroup fails crun's bpf query", () => {
    expect(classifyRuntimeError("set child subreaper: Invalid argument").class).toBe("child-subreaper-refused");
    const bpf = classifyRuntimeError("bpf query: Bad file descriptor");
    expect(bpf.class).toBe("cgroup-v2-device-bpf");
    expect(isCgroupApplyFailure(bpf)).toBe(true);
  });
});
