import { describe, expect, it } from "vitest";
import { describeRule } from "../../helpers/report/entry-labels.js";
import { buildMatrixModel } from "../../helpers/report/matrix-model.js";
import { fixtureCell, fixtureResult, fixtureResults, sampleResults } from "./fixtures/results-fixture.js";

describe("buildMatrixModel", () => {
  const model = buildMatrixModel(sampleResults());

  it("has one row per finding, sorted by id, and one numbered column per cell", () => {
    expect(model.rows.map((r) => r.findingId)).toEqual([
      "cgroup/memory-max-writable",
      "kernel/sandbox-is-gvisor",
      "timing/exec-latency",
    ]);
    expect(model.columns.map((c) => [c.number, c.cellId])).toEqual([
      [1, "runsc-20240729.bookworm.native.no-faker"],
      [2, "runsc-20221219.bookworm.native.no-faker"],
      [3, "runc.bookworm.native.no-faker"],
    ]);
    expect(model.columns[1]?.label).toBe("runsc 20221219 ptrace · bookworm");
  });

  it("marks a finding that did not run in a cell as not run (null)", () => {
    const timing = model.rows.findIndex((r) => r.findingId === "timing/exec-latency");
    expect(model.entries[timing]?.[1]).toBeNull();
    expect(model.counts["not-run"]).toBe(1);
  });

  it("counts outcomes and lists the unexpected and error entries", () => {
    expect(model.counts).toEqual({
      "as-expected": 5,
      unexpected: 1,
      error: 1,
      skipped: 0,
      "not-applicable": 1,
      "not-run": 1,
    });
    expect(model.unexpected.map((u) => [u.row.findingId, u.column.cellId])).toEqual([
      ["cgroup/memory-max-writable", "runsc-20240729.bookworm.native.no-faker"],
    ]);
    expect(model.errors.map((u) => u.entry.reason)).toEqual(["container died"]);
  });

  it("carries the rule's because, stats and metrics into the entry", () => {
    const kernel = model.rows.findIndex((r) => r.findingId === "kernel/sandbox-is-gvisor");
    expect(model.entries[kernel]?.[2]?.because).toBe("runc is not a sandbox");
    const timing = model.rows.findIndex((r) => r.findingId === "timing/exec-latency");
    expect(model.entries[timing]?.[0]?.metrics.map((m) => m.name)).toEqual(["exec latency"]);
    expect(model.entries[timing]?.[0]?.stats?.trials).toBe(20);
  });

  it("adds a column for a cell the run does not describe", () => {
    const cell = fixtureCell();
    const m = buildMatrixModel(
      fixtureResults([cell], [fixtureResult("a/b", cell.id), fixtureResult("a/b", "ghost")]),
    );
    expect(m.columns.map((c) => [c.cellId, c.cell === null])).toEqual([
      [cell.id, false],
      ["ghost", true],
    ]);
  });
});

describe("describeRule", () => {
  it("names the default and indexed rules with their reason", () => {
    expect(describeRule({ index: null })).toBe("default: the claim as the log states it");
    expect(describeRule({ index: 1, when: { runtime: "runc" }, because: "no sandbox" })).toBe(
      "rules[1]: when {runtime: runc} because no sandbox",
    );
  });
});
