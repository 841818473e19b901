import { describe, expect, test } from "vitest";
import { repeatedFailure } from "../../suites/k3s/control-plane-checks.js";

describe("CoreDNS's wait ends at a container the kubelet failed to start twice", () => {
  const MSG =
    'Error: failed to create containerd task: ... error setting cgroup config for procHooks process: unable to set unified resource "memory.low"';
  test("a Failed event counted twice ends it, with its message", () => {
    expect(repeatedFailure(`1 coredns-abc: first\n2 coredns-abc: ${MSG}\n`)).toBe(`coredns-abc: ${MSG}`);
  });
  test("one failure, or none, keeps waiting", () => {
    expect(repeatedFailure("1 coredns-abc: Error: something once\n")).toBeNull();
    expect(repeatedFailure(" coredns-abc: no count given\n")).toBeNull();
    expect(repeatedFailure("")).toBeNull();
  });
});
