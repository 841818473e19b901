import { describe, expect, test } from "vitest";
import { probeRootIn, probeRootPrefix, runscDoDirsIn, treeOf } from "../../helpers/sandbox/probe-processes.js";

describe("probe roots", () => {
  test("name their owner's pid, and are found again in a probe's command line", () => {
    const prefix = probeRootPrefix(4242, "/tmp");
    expect(prefix).toBe("/tmp/gvc-platform-probe-4242-");
    expect(probeRootIn(`/opt/runsc --root=${prefix}Ab12Cd --network=none --platform=kvm do /bin/true`)).toEqual({
      root: "/tmp/gvc-platform-probe-4242-Ab12Cd",
      owner: 4242,
    });
    // an older setup's root had no owner in its name: not ours to judge
    expect(probeRootIn("/opt/runsc --root=/tmp/gvc-platform-probe-Ab12Cd do /bin/true")).toBeNull();
    expect(probeRootIn("runsc-sandbox --root=/tmp/runsc-do1410881321 boot")).toBeNull();
  });

  test("runsc do's bundle folders are read from the sandbox's and gofer's command lines", () => {
    const gofer =
      "runsc-gofer --root=/tmp/runsc-do1410881321 --overlay2=all:memory --platform=kvm gofer " +
      "--bundle=/tmp/runsc-do1410881321 --io-fds=5";
    expect(runscDoDirsIn(gofer)).toEqual(["/tmp/runsc-do1410881321"]);
    expect(runscDoDirsIn("runsc --root=/var/run/docker/runtime-runc/moby boot")).toEqual([]);
  });
});

describe("treeOf", () => {
  test("a process and everything below it, not its siblings", () => {
    const table = [
      { pid: 10, ppid: 1, argv: "runsc do" },
      { pid: 11, ppid: 10, argv: "runsc-gofer" },
      { pid: 12, ppid: 10, argv: "runsc-sandbox" },
      { pid: 13, ppid: 12, argv: "exe" },
      { pid: 20, ppid: 1, argv: "other" },
    ];
    expect(
      treeOf(10, table)
        .map((p) => p.pid)
        .sort(),
    ).toEqual([10, 11, 12, 13]);
  });
});
