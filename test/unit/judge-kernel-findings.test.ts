import { describe, expect, test } from "vitest";
import { judgeFuse } from "../../suites/fuse/judge-fuse.js";
import { judgeRealtime } from "../../suites/inotify/judge-inotify.js";
import { judgePtrace, longestStallMs, ratio, type RunSeries } from "../../suites/ptrace/judge-ptrace.js";

const BOUNDS = { stallMs: 10_000, worksMs: 60_000 };

describe("inotify/realtime-create", () => {
  const base = { dir: "/sys/fs/cgroup/memory/k8s.io", count: 3, mkdirErrors: [] };
  test("all seen under the bound: holds", () => {
    expect(judgeRealtime({ ...base, latenciesMs: [0.5, 0.7, 2], missed: 0 }, 1000).verdict).toBe("holds");
  });
  test("a missed event or one over the bound: does not hold", () => {
    expect(judgeRealtime({ ...base, latenciesMs: [0.5, 0.7], missed: 1 }, 1000).verdict).toBe("does-not-hold");
    expect(judgeRealtime({ ...base, latenciesMs: [0.5, 0.7, 1200], missed: 0 }, 1000).verdict).toBe(
      "does-not-hold",
    );
  });
  test("no directory could be made: blocked", () => {
    const r = judgeRealtime({ ...base, latenciesMs: [], missed: 3, mkdirErrors: ["a", "b", "c"] }, 1000);
    expect(r.verdict).toBe("blocked");
  });
});

describe("fuse/io-enosys", () => {
  const op = (name: string, code?: string) => ({ op: name, ok: code === undefined, ...(code ? { code } : {}) });
  test("mount ok, core I/O ENOSYS: holds", () => {
    const ops = [op("readdir", "ENOSYS"), op("read", "ENOSYS"), op("write", "ENOSYS"), op("stat")];
    expect(judgeFuse({ ok: true, error: "" }, ops).verdict).toBe("holds");
  });
  test("I/O works: does not hold", () => {
    expect(judgeFuse({ ok: true, error: "" }, [op("readdir"), op("read"), op("write")]).verdict).toBe(
      "does-not-hold",
    );
  });
  test("mount failed or table incomplete: blocked", () => {
    expect(judgeFuse({ ok: false, error: "fuse: device not found" }, null).verdict).toBe("blocked");
    expect(judgeFuse({ ok: true, error: "" }, null).verdict).toBe("blocked");
  });
});

describe("ptrace/overhead", () => {
  const s = (wallMs: number[], hung = 0, failed = 0, progress?: [number, number][][]): RunSeries => ({
    wallMs,
    hung,
    failed,
    ...(progress ? { progress } : {}),
  });
  const steady = (ms: number): [number, number][] =>
    Array.from({ length: ms / 250 + 1 }, (_, i) => [i * 250, i * 100] as [number, number]);
  const stuckAt = (ms: number, total: number): [number, number][] => [...steady(ms), [total, (ms / 250) * 100]];
  test("longest stretch without progress", () => {
    expect(longestStallMs(steady(3000))).toBe(0);
    expect(longestStallMs(stuckAt(2000, 60_000))).toBe(58_000);
    expect(longestStallMs([[0, 0]])).toBe(0);
  });
  test("multi-threaded traced run made no progress for the stall bound: holds", () => {
    const m = {
      single: { plain: s([100]), traced: s([2800]) },
      multi: { plain: s([200]), traced: s([], 1, 0, [stuckAt(2000, 60_000)]) },
    };
    const r = judgePtrace(m, BOUNDS);
    expect(r.verdict).toBe("holds");
    expect(r.summary).toContain("no operation completed for 58.0 s");
  });
  test("everything completes: does not hold, with the ratios", () => {
    const m = {
      single: { plain: s([100]), traced: s([3400]) },
      multi: { plain: s([200]), traced: s([3000], 0, 0, [steady(3000)]) },
    };
    const r = judgePtrace(m, BOUNDS);
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toContain("single 34.0x, multi 15.0x");
    expect(ratio(s([200, 100, 300]), s([2000]))).toBe(10);
  });
  test("slow under load but progressing when it stopped itself: does not hold, whatever the wall clock", () => {
    const m = {
      single: { plain: s([100]), traced: s([3400]) },
      multi: { plain: s([200]), traced: s([], 1, 0, [steady(60_000)]) },
    };
    const r = judgePtrace(m, BOUNDS);
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toContain("slow but progressing");
  });
  test("strace cannot trace even one thread: blocked", () => {
    const m = {
      single: { plain: s([100]), traced: s([], 0, 3) },
      multi: { plain: s([200]), traced: s([], 0, 3) },
    };
    expect(judgePtrace(m, BOUNDS).verdict).toBe("blocked");
  });
  test("no progress report from the traced multi-threaded run: blocked, not a verdict", () => {
    const m = {
      single: { plain: s([100]), traced: s([3400]) },
      multi: { plain: s([200]), traced: s([], 0, 1, []) },
    };
    expect(judgePtrace(m, BOUNDS).verdict).toBe("blocked");
  });
  test("a single-threaded traced run past the looser bound: blocked, naming that bound", () => {
    const m = {
      single: { plain: s([100]), traced: s([], 1) },
      multi: { plain: s([200]), traced: s([], 1) },
    };
    const r = judgePtrace(m, BOUNDS);
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toContain("did not finish in 60 s");
  });
});
