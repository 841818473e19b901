import { describe, expect, it } from "vitest";
import { defaultNames, filesFor, orderFiles, parseFilesSpec } from "./control-files.js";

describe("control files", () => {
  it("puts cgroup.procs first in every default set", () => {
    for (const c of ["memory", "cpu", "cpuset", "pids", "hugetlb", "name=systemd"])
      expect(defaultNames(c)[0]).toBe("cgroup.procs");
  });

  it("keeps each file in its own controller", () => {
    expect(defaultNames("memory")).toContain("memory.limit_in_bytes");
    expect(defaultNames("memory")).not.toContain("cpu.shares");
    expect(defaultNames("cpu")).toEqual([
      "cgroup.procs",
      "tasks",
      "cpu.shares",
      "cpu.cfs_quota_us",
      "cpu.cfs_period_us",
      "cpu.stat",
    ]);
    expect(defaultNames("perf_event")).toEqual(["cgroup.procs", "tasks"]);
  });

  it("gives a combined hierarchy the union of its controllers", () => {
    const names = defaultNames("cpu,cpuacct");
    expect(names).toContain("cpu.shares");
    expect(names).toContain("cpuacct.usage");
  });

  it("writes kernel-like contents, not empty strings, for values runc parses", () => {
    const files = Object.fromEntries(filesFor("memory").map((f) => [f.name, f.content]));
    expect(files["memory.limit_in_bytes"]).toBe("9223372036854771712\n");
    expect(files["cgroup.procs"]).toBe("");
    expect(filesFor("pids").find((f) => f.name === "pids.max")?.content).toBe("max\n");
  });

  it("applies overrides per controller, with * for the others", () => {
    const overrides = { memory: ["memory.limit_in_bytes", "cgroup.procs"], "*": ["tasks"] };
    expect(filesFor("memory", overrides).map((f) => f.name)).toEqual(["cgroup.procs", "memory.limit_in_bytes"]);
    expect(filesFor("cpu", overrides).map((f) => f.name)).toEqual(["tasks"]);
  });

  it("parses --files and rejects bad specs", () => {
    expect(parseFilesSpec("memory=cgroup.procs,memory.limit_in_bytes; cpu=cpu.shares")).toEqual({
      memory: ["cgroup.procs", "memory.limit_in_bytes"],
      cpu: ["cpu.shares"],
    });
    expect(() => parseFilesSpec("cgroup.procs")).toThrow(/controller=file/);
    expect(() => parseFilesSpec("memory=../x")).toThrow(/must not contain/);
  });

  it("drops duplicates and empty names", () => {
    expect(orderFiles(["tasks", "", "cgroup.procs", "tasks"])).toEqual(["cgroup.procs", "tasks"]);
  });
});
