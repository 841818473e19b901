import { describe, expect, it } from "vitest";
import { percentile, summarize } from "../../helpers/report/stats.js";
import { formatDuration, formatNumber, shellQuote } from "../../helpers/report/text-format.js";

describe("percentile (nearest rank)", () => {
  const values = [15, 20, 35, 40, 50];

  it("returns a measured value, never an interpolation", () => {
    expect(percentile(values, 30)).toBe(20);
    expect(percentile(values, 40)).toBe(20);
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 100)).toBe(50);
    expect(percentile(values, 0)).toBe(15);
  });

  it("does not depend on input order", () => {
    expect(percentile([50, 15, 40, 20, 35], 50)).toBe(35);
  });

  it("p99 of 100 values is the 99th smallest", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
  });

  it("rejects an empty series and an out-of-range p", () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("gives n, min, p50, p99, max, mean", () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ n: 4, min: 1, p50: 2, p99: 4, max: 4, mean: 2.5 });
  });

  it("is null for no values", () => {
    expect(summarize([])).toBeNull();
  });
});

describe("text formatting", () => {
  it("formats durations for humans", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(312_000)).toBe("5 min 12 s");
  });

  it("formats numbers without noise", () => {
    expect(formatNumber(1.23456)).toBe("1.23");
    expect(formatNumber(120)).toBe("120");
  });

  it("shell-quotes argv", () => {
    expect(shellQuote(["sh", "-c", "echo 'hi' > /x"])).toBe(`sh -c 'echo '\\''hi'\\'' > /x'`);
  });
});
