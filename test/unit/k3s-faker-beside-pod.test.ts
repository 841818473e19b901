import { describe, expect, test } from "vitest";
import { describeFakerOnPod, podCgroupDir } from "../../suites/k3s/faker-beside-pod.js";

const ID = "c5d787e65b20fa78c9785b7fa479aa2c81f3e0b1d7a45a3d0a5e28c1b9e0f6aa";
const MESSAGE =
  "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: failed to " +
  "create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable " +
  `to apply cgroup configuration: failed to write 786: open /sys/fs/cgroup/memory/k8s.io/${ID}/cgroup.procs: ` +
  "no such file or directory: unknown";
const filled = (id: string, doneUs: number) =>
  JSON.stringify({
    event: "filled",
    path: `/sys/fs/cgroup/memory/k8s.io/${id}`,
    controller: "memory",
    via: "inotify",
    clock: "ctime",
    detectedUs: doneUs - 400,
    doneUs,
    fillUs: 400,
    files: 24,
    existing: 0,
  });

describe("podCgroupDir", () => {
  test("the memory/k8s.io directory runc could not write into, or null", () => {
    expect(podCgroupDir(MESSAGE)).toBe(`memory/k8s.io/${ID}`);
    expect(podCgroupDir("can't get final child's PID from pipe: EOF")).toBeNull();
  });
});

describe("describeFakerOnPod", () => {
  test("the faker's reaction to that directory, from its filled line", () => {
    const log = [filled("0123456789abcdef", 900), filled(ID, 6240)].join("\n");
    expect(describeFakerOnPod(log, MESSAGE)).toBe(
      "the faker filled memory/k8s.io/c5d787e65b20 6.24 ms after its creation",
    );
  });

  test("a directory the faker saw but did not fill, and one it never logged", () => {
    const vanished = JSON.stringify({ event: "vanished", path: `/sys/fs/cgroup/memory/k8s.io/${ID}`, files: 3 });
    expect(describeFakerOnPod(vanished, MESSAGE)).toBe(
      "the faker logged memory/k8s.io/c5d787e65b20 as vanished, never filled",
    );
    expect(describeFakerOnPod(filled("0123456789abcdef", 900), MESSAGE)).toBe(
      "the faker's log has no line for memory/k8s.io/c5d787e65b20",
    );
  });

  test("no note for a failure that names no k8s.io cgroup directory", () => {
    expect(describeFakerOnPod(filled(ID, 100), "exec format error")).toBeNull();
  });
});
