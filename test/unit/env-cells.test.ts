import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { makeCell, type Runtime } from "../../helpers/env/cell.js";
import { ConfigError, declaredCells, selectCells } from "../../helpers/env/declared-cells.js";
import { runtimeFromEngine } from "../../helpers/env/discover.js";
import { parseImageInfo } from "../../helpers/env/observe.js";
import { verifyCell } from "../../helpers/env/verify-cell.js";
import type { CellObservation } from "../../helpers/report/results-schema.js";

const runsc = runtimeFromEngine("runsc-20240729", {
  path: "/opt/x/runsc",
  runtimeArgs: ["--network=none"],
}) as Runtime;
const runc: Runtime = { kind: "runc", name: "runc" };

function cellsFile(json: unknown): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "cells-")), "cells.json");
  writeFileSync(file, typeof json === "string" ? json : JSON.stringify(json));
  return file;
}

describe("discovery", () => {
  test("runsc runtimes are recognised by their binary, the release by their name", () => {
    expect(runsc).toMatchObject({ kind: "runsc", release: "20240729", runtimeArgs: ["--network=none"] });
    expect(runtimeFromEngine("runc", { path: "runc" })).toBeNull();
    expect(runtimeFromEngine("gvisor", { path: "/usr/bin/runsc" })).toMatchObject({ release: "unknown" });
  });
});

describe("declared cells", () => {
  const file = cellsFile({
    cells: [
      { runtimes: ["runsc", "runc"], image: "bookworm", cgroupSetup: "native", faker: "none", default: true },
      { runtimes: ["runsc"], image: "sid", cgroupSetup: "tmpfs", faker: "ts", default: false },
    ],
  });
  const cells = declaredCells([runsc, runc], file);

  test("templates apply to the runtimes of their kinds; ids read as words", () => {
    expect(cells.map((c) => c.id)).toEqual([
      "runsc-20240729.bookworm.native.no-faker",
      "runc.bookworm.native.no-faker",
      "runsc-20240729.sid.tmpfs.faker-ts",
    ]);
  });
  test("selection: defaults, all, patterns, and a pattern that matches nothing", () => {
    expect(selectCells(cells, undefined)).toHaveLength(2);
    expect(selectCells(cells, "all")).toHaveLength(3);
    expect(selectCells(cells, "*.sid.*").map((c) => c.id)).toEqual(["runsc-20240729.sid.tmpfs.faker-ts"]);
    expect(() => selectCells(cells, "nope.*")).toThrow(ConfigError);
  });
  test("defaultReleases: a template is default for the releases it names and the baseline, on request elsewhere", () => {
    const newer = runtimeFromEngine("runsc-20260520", { path: "/opt/y/runsc" }) as Runtime;
    const narrowed = cellsFile({
      cells: [
        { runtimes: ["runsc", "runc"], image: "bookworm", cgroupSetup: "native", faker: "none", default: true },
        {
          runtimes: ["runsc", "runc"],
          image: "bookworm",
          cgroupSetup: "tmpfs",
          faker: "none",
          default: true,
          defaultReleases: ["20240729"],
        },
      ],
    });
    const all = declaredCells([runsc, newer, runc], narrowed);
    expect(selectCells(all, undefined).map((c) => c.id)).toEqual([
      "runsc-20240729.bookworm.native.no-faker",
      "runsc-20260520.bookworm.native.no-faker",
      "runc.bookworm.native.no-faker",
      "runsc-20240729.bookworm.tmpfs.no-faker",
      "runc.bookworm.tmpfs.no-faker",
    ]);
    expect(selectCells(all, "all").map((c) => c.id)).toContain("runsc-20260520.bookworm.tmpfs.no-faker");
  });
  test("defaultExceptRuntimes: a variant of a named release gets the template on request only", () => {
    const v2 = runtimeFromEngine("runsc-20240729-in-sandbox-cgroup-v2", {
      path: "/opt/x/runsc",
      runtimeArgs: ["--network=none", "--in-sandbox-cgroup=v2"],
    }) as Runtime;
    const narrowed = cellsFile({
      cells: [
        {
          runtimes: ["runsc", "runc"],
          image: "sid",
          cgroupSetup: "native",
          faker: "none",
          default: true,
          defaultReleases: ["20240729"],
          defaultExceptRuntimes: ["runsc-*-in-sandbox-cgroup-v2"],
        },
      ],
    });
    const all = declaredCells([runsc, v2, runc], narrowed);
    expect(selectCells(all, undefined).map((c) => c.id)).toEqual([
      "runsc-20240729.sid.native.no-faker",
      "runc.sid.native.no-faker",
    ]);
    expect(selectCells(all, "all").map((c) => c.id)).toContain(
      "runsc-20240729-in-sandbox-cgroup-v2.sid.native.no-faker",
    );
  });
  test("platforms: a variant gets only the templates naming its platform; a one-off gets every template", () => {
    const kvm = runtimeFromEngine("runsc-20240729-platform-kvm", {
      path: "/opt/x/runsc",
      runtimeArgs: ["--network=none", "--platform=kvm"],
    }) as Runtime;
    const oneOff = { ...kvm, name: "runsc-20240729-platform-kvm-1a2b3c", oneOff: true } as Runtime;
    const withPlatforms = cellsFile({
      cells: [
        { runtimes: ["runsc", "runc"], image: "bookworm", cgroupSetup: "native", faker: "none", default: true },
        { runtimes: ["runsc"], image: "bookworm", cgroupSetup: "tmpfs", faker: "none", default: true },
        {
          runtimes: ["runsc"],
          image: "bookworm",
          cgroupSetup: "native",
          faker: "none",
          default: true,
          platforms: ["ptrace", "kvm"],
        },
      ],
    });
    const ids = declaredCells([runsc, kvm, oneOff, runc], withPlatforms).map((c) => c.id);
    expect(ids).toEqual([
      "runsc-20240729.bookworm.native.no-faker",
      "runsc-20240729-platform-kvm-1a2b3c.bookworm.native.no-faker",
      "runc.bookworm.native.no-faker",
      "runsc-20240729.bookworm.tmpfs.no-faker",
      "runsc-20240729-platform-kvm-1a2b3c.bookworm.tmpfs.no-faker",
      "runsc-20240729-platform-kvm.bookworm.native.no-faker",
    ]);
  });
  test("a malformed cells file names the place", () => {
    const bad = cellsFile({
      cells: [{ runtimes: ["runsc"], image: "jessie", cgroupSetup: "native", faker: "none", default: true }],
    });
    expect(() => declaredCells([runsc], bad)).toThrow(/cells\.0\.image/);
    expect(() => declaredCells([runsc], cellsFile("{ nope"))).toThrow(/not valid JSON/);
  });
});

describe("verification", () => {
  const observed: CellObservation = {
    runscVersion: "runsc version 0.0~20240729.0",
    platform: "systrap",
    dmesgFirstLine: "Starting gVisor...",
    kernelRelease: "4.4.0",
    cgroupMounts: [],
    imageSuite: "bookworm",
    runcVersion: "runc version 1.1.5",
    containerdVersion: "1.6.20",
  };
  const sandbox = {
    pid: 1,
    exe: "/opt/x/runsc",
    versionLine: "runsc version 0.0~20240729.0",
    release: "20240729",
    platform: "systrap",
    droppableMappings: 1,
  };

  test("a cell that is what it declares passes", () => {
    expect(verifyCell(makeCell(runsc, "bookworm"), observed, sandbox)).toEqual([]);
  });
  test("another release, another image or no sandbox process is refused, saying what differs", () => {
    const wrongRelease = verifyCell(makeCell(runsc, "bookworm"), observed, { ...sandbox, release: "20221219" });
    expect(wrongRelease[0]).toMatchObject({ what: "gVisor release", expected: "20240729 (runtime name)" });
    expect(verifyCell(makeCell(runsc, "sid"), observed, sandbox)[0]).toMatchObject({
      what: "image suite",
      found: "bookworm",
    });
    expect(verifyCell(makeCell(runsc, "bookworm"), observed, null)[0]).toMatchObject({ found: "none" });
    expect(verifyCell(makeCell(runc, "bookworm"), observed, sandbox)[0]).toMatchObject({ what: "runtime" });
  });
  test("image info lines", () => {
    expect(parseImageInfo("suite=sid\nrunc=runc version 1.3.6\n\nbogus")).toEqual({
      suite: "sid",
      runc: "runc version 1.3.6",
    });
  });
});
