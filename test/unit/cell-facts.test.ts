import { describe, expect, it } from "vitest";
import { dimensionsOf, makeCell, UNKNOWN_FACTS, type Runtime } from "../../helpers/env/cell.js";
import { containerdVersionFact, factsOf, openat2Fact, sandboxCgroupFact } from "../../helpers/env/cell-facts.js";
import { parseVersionRule, runcVersionMatches, upstreamRuncVersion } from "../../helpers/finding/runc-version.js";

const runsc = (runtimeArgs: string[] = ["--network=none"]): Runtime => ({
  kind: "runsc",
  name: "runsc-20260520",
  release: "20260520",
  path: "/opt/gvisor-conformance/runsc/20260520/runsc",
  runtimeArgs,
});
const runc: Runtime = { kind: "runc", name: "runc" };

// Lines of /proc/self/mountinfo as observeInside keeps them.
const V1 = [
  "30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755",
  "31 30 0:27 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime - cgroup none rw,memory",
  "32 30 0:28 / /sys/fs/cgroup/cpu rw,nosuid,nodev,noexec,relatime - cgroup none rw,cpu",
];
const V2 = ["36 25 0:31 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw"];
const NONE = ["30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755"];

const OPENAT2_OK = { openat2: { result: 3, errno: null, implemented: true } };
const OPENAT2_ENOSYS = { openat2: { result: -1, errno: "ENOSYS", implemented: false } };
const PROBE_FAILED = { error: "exit 1" };

const CONTAINERD_1_6 = "containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3";
const observed = (
  cgroupMounts: string[],
  runcVersion = "1.1.5+ds1",
  kernelRelease = "4.4.0",
  containerdVersion = CONTAINERD_1_6,
) => ({ cgroupMounts, runcVersion, kernelRelease, containerdVersion });

describe("sandboxCgroupFact", () => {
  it("reads v1 from any cgroup (v1) mount, v2 from cgroup2 at /sys/fs/cgroup, else none", () => {
    expect(sandboxCgroupFact(V1)).toBe("v1");
    expect(sandboxCgroupFact(V2)).toBe("v2");
    expect(sandboxCgroupFact(NONE)).toBe("none");
    expect(sandboxCgroupFact([])).toBe("none");
  });

  it("takes a hybrid host's cgroup2 below /sys/fs/cgroup for v1", () => {
    const unified = "40 30 0:29 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw,nsdelegate";
    expect(sandboxCgroupFact([...V1, unified])).toBe("v1");
    expect(sandboxCgroupFact([unified])).toBe("none");
  });

  it("reads the brief's abbreviated lines as well", () => {
    expect(sandboxCgroupFact(["... /sys/fs/cgroup/memory rw - cgroup none rw,memory"])).toBe("v1");
    expect(sandboxCgroupFact(["... /sys/fs/cgroup rw - cgroup2 cgroup rw"])).toBe("v2");
  });
});

describe("openat2Fact", () => {
  it("is implemented, enosys, or unknown when not measured", () => {
    expect(openat2Fact(OPENAT2_OK)).toBe("implemented");
    expect(openat2Fact(OPENAT2_ENOSYS)).toBe("enosys");
    expect(openat2Fact(PROBE_FAILED)).toBe("unknown");
    expect(openat2Fact(null)).toBe("unknown");
    expect(openat2Fact(undefined)).toBe("unknown");
    expect(openat2Fact({ openat2: "garbage" })).toBe("unknown");
  });

  it("counts another errno as implemented (EINVAL from a bad call still shows the syscall exists)", () => {
    expect(openat2Fact({ openat2: { result: -1, errno: "EINVAL", implemented: true } })).toBe("implemented");
  });
});

describe("upstreamRuncVersion", () => {
  it.each([
    ["1.1.5+ds1", "1.1.5"],
    ["1.1.5+ds1-1+deb12u1", "1.1.5"],
    ["runc version 1.1.5", "1.1.5"],
    ["1.3.6", "1.3.6"],
    ["1.2.0-rc.1", "1.2.0"],
    ["1:1.1.12+ds1-5", "1.1.12"],
    ["1.2", "1.2"],
    ["unknown", "unknown"],
    ["not observed", "unknown"],
    ["", "unknown"],
  ])("%j -> %j", (text, version) => {
    expect(upstreamRuncVersion(text)).toBe(version);
  });
});

describe("factsOf", () => {
  it("derives every fact of an observed cell", () => {
    expect(factsOf(observed(V1), OPENAT2_ENOSYS, runsc())).toEqual({
      openat2: "enosys",
      runcVersion: "1.1.5",
      sandboxCgroup: "v1",
      procfsRoot: "unknown",
      tmpfsSizeOptions: "unknown",
      kernelVersion: "4.4.0",
      containerdVersion: "1.6.20",
      crunVersion: "unknown",
      procSetgroups: "unknown",
      mountSetattr: "unknown",
      loopbackUp: "unknown",
      iptablesComment: "unknown",
      sentryGetrandomState: "unknown",
      sentryDroppableMmap: "unknown",
    });
    expect(factsOf(observed(V2, "1.3.6+ds1-2"), { ...OPENAT2_OK, "procfs root inode": 1 }, runc)).toEqual({
      openat2: "implemented",
      runcVersion: "1.3.6",
      sandboxCgroup: "v2",
      procfsRoot: "inode-1",
      tmpfsSizeOptions: "unknown",
      kernelVersion: "4.4.0",
      containerdVersion: "1.6.20",
      crunVersion: "unknown",
      procSetgroups: "unknown",
      mountSetattr: "unknown",
      loopbackUp: "unknown",
      iptablesComment: "unknown",
      sentryGetrandomState: "unknown",
      sentryDroppableMmap: "unknown",
    });
    expect(factsOf(observed(NONE, "unknown"), PROBE_FAILED, runsc())).toEqual({
      openat2: "unknown",
      runcVersion: "unknown",
      sandboxCgroup: "none",
      procfsRoot: "unknown",
      tmpfsSizeOptions: "unknown",
      kernelVersion: "4.4.0",
      containerdVersion: "1.6.20",
      crunVersion: "unknown",
      procSetgroups: "unknown",
      mountSetattr: "unknown",
      loopbackUp: "unknown",
      iptablesComment: "unknown",
      sentryGetrandomState: "unknown",
      sentryDroppableMmap: "unknown",
    });
    // gVisor 20240729's procfs root inode: 86, which runc 1.3 refuses.
    expect(factsOf(observed(V1), { ...OPENAT2_ENOSYS, "procfs root inode": 86 }, runsc()).procfsRoot).toBe(
      "other-inode",
    );
  });

  it("reads whether tmpfs takes runc 1.3's mask options (nr_blocks=1,nr_inodes=1)", () => {
    const mount = (result: number, errno: string | null) => ({
      ...OPENAT2_OK,
      "tmpfs nr_blocks=1,nr_inodes=1": { result, errno },
    });
    expect(factsOf(observed(V1), mount(0, null), runsc()).tmpfsSizeOptions).toBe("accepted");
    expect(factsOf(observed(V1), mount(-1, "EINVAL"), runsc()).tmpfsSizeOptions).toBe("einval");
    // Another refusal (no privilege to mount) measures nothing about the options.
    expect(factsOf(observed(V1), mount(-1, "EPERM"), runsc()).tmpfsSizeOptions).toBe("unknown");
    expect(factsOf(observed(V1), OPENAT2_OK, runsc()).tmpfsSizeOptions).toBe("unknown");
  });

  it("reads what crun and youki meet first: /proc/self/setgroups, mount_setattr, lo up in a new netns", () => {
    // Recorded: gVisor 20240729 (no setgroups), every gVisor (mount_setattr ENOSYS, SIOCSIFFLAGS ENOTTY), Linux.
    const gvisor = {
      ...OPENAT2_OK,
      "/proc/self/setgroups": false,
      mount_setattr: { result: -1, errno: "ENOSYS", implemented: false },
      "SIOCSIFFLAGS lo up in a new netns": { result: -1, errno: "ENOTTY" },
    };
    const linux = {
      ...OPENAT2_OK,
      "/proc/self/setgroups": true,
      mount_setattr: { result: -1, errno: "EINVAL", implemented: true },
      "SIOCSIFFLAGS lo up in a new netns": { result: 0, errno: null },
    };
    expect(factsOf(observed(V1), gvisor, runsc())).toMatchObject({
      procSetgroups: "absent",
      mountSetattr: "enosys",
      loopbackUp: "refused",
    });
    expect(factsOf(observed(V1), linux, runc)).toMatchObject({
      procSetgroups: "present",
      mountSetattr: "implemented",
      loopbackUp: "accepted",
    });
    // The child could not even make its namespace: that measures nothing about the ioctl.
    const noNetns = { ...linux, "SIOCSIFFLAGS lo up in a new netns": { result: -1, errno: "unshare" } };
    expect(factsOf(observed(V1), noNetns, runc).loopbackUp).toBe("unknown");
  });

  it("reads whether iptables takes kube-proxy's comment match, telling a refusal from a question not asked", () => {
    // Recorded 2026-12-06: gVisor (--net-raw; nft unsupported, legacy refuses the match), Linux (nft takes it).
    const gvisor = {
      ...OPENAT2_OK,
      "iptables -m comment in a new netns": {
        result: -1,
        errno: "legacy: iptables: Invalid argument. Run `dmesg' for more information.",
      },
    };
    const linux = {
      ...OPENAT2_OK,
      "iptables -m comment in a new netns": { result: 0, errno: null, backend: "nft" },
    };
    expect(factsOf(observed(V1), gvisor, runsc()).iptablesComment).toBe("refused");
    expect(factsOf(observed(V1), linux, runc).iptablesComment).toBe("accepted");
    for (const errno of ["missing", "unshare", "nft: timed out"])
      expect(
        factsOf(observed(V1), { ...linux, "iptables -m comment in a new netns": { result: -1, errno } }, runc)
          .iptablesComment,
      ).toBe("unknown");
  });

  it("reads containerd's version from its --version line, past the module path's /v2", () => {
    expect(containerdVersionFact(CONTAINERD_1_6)).toBe("1.6.20");
    expect(containerdVersionFact("containerd github.com/containerd/containerd/v2 2.1.9+unknown")).toBe("2.1.9");
    expect(containerdVersionFact("")).toBe("unknown");
  });

  it("reads the kernel the container sees as x.y.z", () => {
    expect(factsOf(observed(V1, "1.1.5", "4.19.0-gvisor"), OPENAT2_OK, runsc()).kernelVersion).toBe("4.19.0");
    expect(factsOf(observed(V1, "1.1.5", "6.18.44-fc"), OPENAT2_OK, runc).kernelVersion).toBe("6.18.44");
    expect(factsOf(observed(V1, "1.1.5", ""), OPENAT2_OK, runc).kernelVersion).toBe("unknown");
  });

  it("falls back to the declared cgroup version when the cell was not observed", () => {
    expect(factsOf(null, null, runsc())).toEqual({
      openat2: "unknown",
      runcVersion: "unknown",
      sandboxCgroup: "v1",
      procfsRoot: "unknown",
      tmpfsSizeOptions: "unknown",
      kernelVersion: "unknown",
      containerdVersion: "unknown",
      crunVersion: "unknown",
      procSetgroups: "unknown",
      mountSetattr: "unknown",
      loopbackUp: "unknown",
      iptablesComment: "unknown",
      sentryGetrandomState: "unknown",
      sentryDroppableMmap: "unknown",
    });
    expect(factsOf(null, null, runsc(["--network=none", "--in-sandbox-cgroup=v2"])).sandboxCgroup).toBe("v2");
    expect(factsOf(null, null, runsc(["--mount-cgroup-v2"])).sandboxCgroup).toBe("v2");
    expect(factsOf(null, null, runc).sandboxCgroup).toBe("v1");
  });
});

describe("dimensionsOf", () => {
  it("adds the facts after the declared dimensions, unknown when none are given", () => {
    const cell = makeCell(runsc(), "bookworm", "overlay-memory", "ts");
    const facts = factsOf(observed(V1), OPENAT2_OK, cell.runtime);
    expect(Object.keys(dimensionsOf(cell, "systrap", facts))).toEqual([
      "runtime",
      "release",
      "platform",
      "image",
      "cgroupSetup",
      "faker",
      "openat2",
      "runcVersion",
      "sandboxCgroup",
      "procfsRoot",
      "tmpfsSizeOptions",
      "kernelVersion",
      "containerdVersion",
      "crunVersion",
      "procSetgroups",
      "mountSetattr",
      "loopbackUp",
      "iptablesComment",
      "sentryGetrandomState",
      "sentryDroppableMmap",
    ]);
    expect(dimensionsOf(cell, "systrap", facts)).toMatchObject(facts);
    expect(dimensionsOf(cell, "systrap")).toMatchObject(UNKNOWN_FACTS);
  });
});

describe("runc version rules", () => {
  it("parses an exact version or a comparison, and nothing else", () => {
    expect(parseVersionRule("1.1.5")).toEqual({ op: "=", parts: [1, 1, 5] });
    expect(parseVersionRule(">=1.2")).toEqual({ op: ">=", parts: [1, 2] });
    expect(parseVersionRule("<1.1.5")).toEqual({ op: "<", parts: [1, 1, 5] });
    for (const bad of ["1", "1.2.3.4", "v1.2", "=>1.2", ">= 1.2", "1.2+ds1", "unknown", ""])
      expect(parseVersionRule(bad), bad).toBeNull();
  });

  it.each([
    [">=1.2", "1.1.5", false],
    [">=1.2", "1.2.0", true],
    [">=1.2", "1.3.6", true],
    ["<1.2", "1.1.5", true],
    ["<1.2", "1.2.3", false],
    [">=1.1.5", "1.1.5", true],
    [">=1.1.5", "1.1.4", false],
    [">1.1.5", "1.1.12", true],
    [">1.2", "1.2.3", false],
    [">1.2", "1.3.0", true],
    ["<=1.2", "1.2.9", true],
    ["<=1.2", "1.3.0", false],
    ["1.1.5", "1.1.5", true],
    ["=1.1.5", "1.1.5", true],
    ["1.1.5", "1.1.15", false],
    ["1.1", "1.1.5", true],
    ["1.1", "1.10.0", false],
    [">=1.2", "unknown", false],
    ["<1.2", "unknown", false],
    ["1.1.5", "unknown", false],
  ])("%s matches runc %s: %s", (rule, version, matches) => {
    expect(runcVersionMatches(rule, version)).toBe(matches);
  });

  it("never matches a dimension an old run lacks", () => {
    expect(runcVersionMatches("<1.2", undefined)).toBe(false);
  });
});
