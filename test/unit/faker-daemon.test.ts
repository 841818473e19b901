import { describe, expect, test } from "vitest";
import { fakerCommand, fakerIsReady } from "../../helpers/sandbox/faker-daemon.js";

describe("the cell's faker daemon", () => {
  test("the log's bash faker watches each v1 subsystem's k8s.io, and on cgroup v2 the one hierarchy's", () => {
    expect(fakerCommand("bash")).toBe("bash /tmp/gvc-cgroup-faker-inotify.sh");
    expect(fakerCommand("bash", "v2")).toBe("env SUBSYSTEMS=. bash /tmp/gvc-cgroup-faker-inotify.sh");
    expect(fakerCommand("ts", "v2")).toBe("node /opt/gvisor-conformance/faker/cgroup-faker.mjs --mode inotify");
    expect(fakerCommand("none")).toBeNull();
    expect(fakerCommand("pre-created", "v2")).toBeNull();
  });
  test("ready when its log says it watches", () => {
    expect(fakerIsReady("bash", "Setting up watches.\nWatches established.\n")).toBe(true);
    expect(fakerIsReady("ts", '{"event":"ready","dirs":3}')).toBe(true);
    expect(fakerIsReady("ts", "Watches established.")).toBe(false);
  });
});
