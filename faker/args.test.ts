import { describe, expect, it } from "vitest";
import { parseFakerArgs } from "./args.js";

describe("faker command line", () => {
  it("has the documented defaults", () => {
    const parsed = parseFakerArgs([]);
    expect(parsed).toEqual({
      help: false,
      options: {
        root: "/sys/fs/cgroup",
        mode: "inotify",
        intervalMs: 500,
        rescan: { periodMs: 5000 },
        allowCgroupfs: false,
      },
    });
  });

  it("parses every option", () => {
    const parsed = parseFakerArgs([
      "--root=/tmp/cg",
      "--controllers",
      "memory, cpu",
      "--files",
      "memory=cgroup.procs,memory.limit_in_bytes;cpu=cpu.shares",
      "--mode",
      "poll",
      "--interval-ms",
      "250",
      "--rescan-ms",
      "0",
      "--allow-cgroupfs",
    ]);
    expect(parsed).toEqual({
      help: false,
      options: {
        root: "/tmp/cg",
        controllers: ["memory", "cpu"],
        files: { memory: ["cgroup.procs", "memory.limit_in_bytes"], cpu: ["cpu.shares"] },
        mode: "poll",
        intervalMs: 250,
        rescan: { periodMs: 0 },
        allowCgroupfs: true,
      },
    });
  });

  it("rejects bad values and unknown flags", () => {
    expect(() => parseFakerArgs(["--mode", "fanotify"])).toThrow(/inotify or poll/);
    expect(() => parseFakerArgs(["--interval-ms", "0"])).toThrow(/>= 1/);
    expect(() => parseFakerArgs(["--interval-ms", "1.5"])).toThrow(/integer/);
    expect(() => parseFakerArgs(["--bogus"])).toThrow();
    expect(() => parseFakerArgs(["stray"])).toThrow();
  });

  it("answers --help", () => {
    expect(parseFakerArgs(["--help"])).toEqual({ help: true });
  });
});
