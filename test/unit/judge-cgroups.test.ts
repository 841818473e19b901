import { describe, expect, test } from "vitest";
import { judgeAutopopulate, judgeFakeFiles } from "../../suites/cgroups/judge-cgroups.js";
import type { FakeFile, NewDirResult } from "../../suites/cgroups/newdir-result.js";
import { parseSetupOutput } from "../../helpers/sandbox/cgroup-setup.js";

const fs = (name: string) => ({ magic: name === "cgroupfs" ? "0x27e0eb" : "0x1021994", name });
function dir(controller: string, entries: string[], on = "cgroupfs", fakes: FakeFile[] = []): NewDirResult {
  const listing = {
    path: `/x/${controller}`,
    entries: entries.map((name) => ({ name, type: "file" })),
    fsType: fs(on),
    mountinfo: "",
  };
  return {
    controller,
    parent: listing,
    dir: listing.path,
    mkdir: { ok: true },
    created: listing,
    fakes,
    rmdir: { ok: true },
  };
}
const fake = (file: string, over: Partial<FakeFile> = {}): FakeFile => ({
  file,
  existedBefore: false,
  write: { ok: true },
  typeAfter: "file",
  fsType: fs("tmpfs"),
  ...over,
});

describe("cgroups/no-autopopulate", () => {
  test("every new directory empty: holds", () => {
    expect(judgeAutopopulate([dir("memory", [], "tmpfs"), dir("cpu", [], "tmpfs")]).verdict).toBe("holds");
  });
  test("one populated directory: does not hold, with counts", () => {
    const r = judgeAutopopulate([dir("memory", [], "tmpfs"), dir("cpu", ["cgroup.procs", "tasks"])]);
    expect(r.verdict).toBe("does-not-hold");
    expect(r.stats?.counts).toEqual({ empty: 1, populated: 1, "mkdir-failed": 0 });
    expect(r.summary).toContain("cpu: 2 entries on cgroupfs");
  });
  test("no directory could be made: blocked", () => {
    const failed = { ...dir("memory", []), mkdir: { ok: false, code: "EROFS" }, created: null };
    expect(judgeAutopopulate([failed]).verdict).toBe("blocked");
    expect(judgeAutopopulate([]).verdict).toBe("blocked");
  });
});

describe("cgroups/fake-files-are-regular", () => {
  test("regular files created off cgroupfs: holds", () => {
    expect(judgeFakeFiles([dir("memory", [], "tmpfs", [fake("cgroup.procs"), fake("tasks")])]).verdict).toBe(
      "holds",
    );
  });
  test("creation refused, or the kernel's files already there: does not hold", () => {
    const refused = fake("cgroup.procs", {
      write: { ok: false, code: "EPERM" },
      typeAfter: "absent",
      fsType: fs("cgroupfs"),
    });
    const kernel = fake("tasks", {
      existedBefore: true,
      write: { ok: false, code: "EXISTS" },
      fsType: fs("cgroupfs"),
    });
    const r = judgeFakeFiles([dir("memory", [], "cgroupfs", [refused, kernel])]);
    expect(r.verdict).toBe("does-not-hold");
    expect(r.stats?.counts).toEqual({ refused: 1, "kernel-file": 1 });
  });
  test("nothing to write into: blocked", () => {
    expect(judgeFakeFiles([]).verdict).toBe("blocked");
  });
});

describe("cgroup setup output", () => {
  test("one record per controller line, other lines ignored", () => {
    const out =
      "controller=memory status=mounted fstype=cgroup detail=\noverlay=memory/k8s.io\ncontroller=blkio status=failed fstype=none detail=mount: wrong fs type";
    expect(parseSetupOutput(out)).toEqual([
      { controller: "memory", status: "mounted", fstype: "cgroup", detail: "" },
      { controller: "blkio", status: "failed", fstype: "none", detail: "mount: wrong fs type" },
    ]);
  });
});
