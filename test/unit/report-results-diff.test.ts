import { describe, expect, it } from "vitest";
import { diffResults, verdictChanges } from "../../helpers/report/results-diff.js";
import { renderDiffMarkdown, renderDiffTerminal } from "../../helpers/report/results-diff-render.js";
import { execEvidence, fixtureCell, fixtureResult, fixtureResults } from "./fixtures/results-fixture.js";

const newer = fixtureCell();
const older = fixtureCell({ release: "20221219", platform: "ptrace" });
const runc = fixtureCell({ runtime: "runc", release: "", platform: "" });

function run(id: string, cell: typeof newer, verdict: "holds" | "does-not-hold", extra = true) {
  const results = [
    fixtureResult("kernel/x", cell.id, {
      verdict,
      outcome: verdict === "holds" ? "as-expected" : "unexpected",
      summary: `x ${verdict}`,
      evidence: [
        execEvidence(["cat", "/proc/x"], verdict === "holds" ? 0 : 1, "", verdict === "holds" ? "" : "ENOENT"),
      ],
    }),
    fixtureResult("kernel/y", cell.id),
    fixtureResult("kernel/y", runc.id),
  ];
  if (extra) results.push(fixtureResult("kernel/only-before", cell.id));
  return fixtureResults([cell, runc], results, { id, startedAt: `${id}T10:00:00Z` });
}

describe("diffResults by id", () => {
  it("reports no change for the same run", () => {
    const a = run("2024-08-01", newer, "holds");
    const diff = diffResults(a, a);
    expect(diff.changes).toEqual([]);
    expect(diff.unchanged).toBe(4);
    expect(renderDiffTerminal(diff, { color: false })).toContain("no verdict changed (0 outcome changed");
  });

  it("reports a changed verdict with both summaries and evidence, and what disappeared", () => {
    const diff = diffResults(run("2024-08-01", newer, "holds"), run("2024-08-02", newer, "does-not-hold", false));
    expect(diff.changes.map((c) => [c.kind, c.findingId])).toEqual([
      ["verdict-changed", "kernel/x"],
      ["disappeared", "kernel/only-before"],
    ]);
    expect(verdictChanges(diff)).toHaveLength(1);
    const text = renderDiffTerminal(diff, { color: false }).split("\n");
    expect(text).toContain(
      "kernel/x  runsc-20240729.bookworm.native.no-faker: holds -> does-not-hold (unexpected)",
    );
    expect(text).toContain("    before: x holds");
    expect(text).toContain("    after : x does-not-hold");
    expect(text).toContain("        stderr: ENOENT");
    expect(text[0]).toBe("before: 2024-08-01  started 2024-08-01T10:00:00Z  runsc release-20240729.0");
    expect(text).toContain("1 verdict changed, 0 outcome changed, 0 appeared, 1 disappeared, 2 unchanged");
  });

  it("does not match different releases by id: they appear and disappear", () => {
    const diff = diffResults(run("a", older, "holds"), run("b", newer, "holds"));
    expect(diff.changes.filter((c) => c.kind === "appeared")).toHaveLength(3);
    expect(verdictChanges(diff)).toEqual([]);
  });

  it("calls an error where there was a verdict an outcome change", () => {
    const a = run("a", newer, "holds");
    const b = run("b", newer, "holds");
    b.results[0] = { ...(b.results[0] as (typeof b.results)[0]), outcome: "error", verdict: null };
    expect(diffResults(a, b).changes.map((c) => c.kind)).toEqual(["outcome-changed"]);
  });
});

describe("diffResults by dimensions except release", () => {
  it("compares two gVisor releases cell for cell", () => {
    const diff = diffResults(run("old", older, "holds"), run("new", newer, "does-not-hold"), {
      matchCellsBy: "dimensions-except-release",
    });
    expect(diff.changes.map((c) => [c.kind, c.findingId, c.cellLabel])).toEqual([
      ["verdict-changed", "kernel/x", "runsc-*.bookworm.native.no-faker"],
    ]);
    expect(diff.cellPairs).toContainEqual({
      label: "runsc-*.bookworm.native.no-faker",
      before: older.id,
      after: newer.id,
    });
    const text = renderDiffTerminal(diff, { color: false });
    expect(text).toContain("kernel/x  runsc-*.bookworm.native.no-faker: holds -> does-not-hold (unexpected)");
    expect(text).toContain(`    before [${older.id}]: x holds`);
    expect(text).toContain(
      "runsc-*.bookworm.native.no-faker: runsc-20221219.bookworm.native.no-faker -> runsc-20240729",
    );
  });

  it("compares two releases inside one run when each side picks its release", () => {
    const both = fixtureResults(
      [older, newer],
      [
        fixtureResult("k/z", older.id),
        fixtureResult("k/z", newer.id, { verdict: "blocked", outcome: "unexpected" }),
      ],
    );
    expect(() => diffResults(both, both, { matchCellsBy: "dimensions-except-release" })).toThrow(
      /differ only in their release/,
    );
    const diff = diffResults(both, both, {
      matchCellsBy: "dimensions-except-release",
      beforeRelease: "20221219",
      afterRelease: "20240729",
    });
    expect(diff.changes.map((c) => [c.kind, c.before?.verdict, c.after?.verdict])).toEqual([
      ["verdict-changed", "holds", "blocked"],
    ]);
    expect(diff.before.runscVersions).toEqual(["release-20221219.0"]);
  });
});

describe("renderDiffMarkdown", () => {
  it("has a header table and each change with its evidence", () => {
    const md = renderDiffMarkdown(diffResults(run("a", newer, "holds"), run("b", newer, "does-not-hold")));
    expect(md).toContain("| before | `a` | aT10:00:00Z | release-20240729.0 |");
    expect(md).toContain("**1 verdict changed, 0 outcome changed, 0 appeared, 0 disappeared, 3 unchanged**");
    expect(md).toContain(
      "- `kernel/x` in `runsc-20240729.bookworm.native.no-faker`: **holds → does-not-hold (unexpected)**",
    );
    expect(md).toContain("      stderr: ENOENT");
  });
});
