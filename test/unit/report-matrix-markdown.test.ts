import { describe, expect, it } from "vitest";
import { renderMatrixMarkdown } from "../../helpers/report/matrix-markdown.js";
import { fixtureCell, fixtureResult, fixtureResults, sampleResults } from "./fixtures/results-fixture.js";

/** Number of cells in a GFM table row (unescaped pipes minus the outer two). */
const columnsOf = (line: string): number => line.split(/(?<!\\)\|/).length - 2;

describe("renderMatrixMarkdown", () => {
  const md = renderMatrixMarkdown(sampleResults());
  const lines = md.split("\n");

  it("has a matrix table with one column per cell and one row per finding", () => {
    const head = lines.indexOf("| finding | 1 | 2 | 3 |");
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 1]).toBe("|:--|:-:|:-:|:-:|");
    const rows = lines.slice(head + 2, head + 5);
    expect(rows.map(columnsOf)).toEqual([4, 4, 4]);
    expect(rows[0]).toContain("**≠ ✗ does-not-hold** (expected holds)");
    expect(rows[2]).toBe("| `timing/exec-latency` | ✓ holds | · not run | ✓ holds |");
  });

  it("has the run info and a cell table with versions", () => {
    expect(md).toContain("host kernel `6.1.0-23-amd64`, engine Docker 26.1.4");
    expect(lines).toContain(
      "| 2 | `runsc-20221219.bookworm.native.no-faker` | runsc-20221219 | release-20221219.0 | ptrace | gvisor-conformance:bookworm | 1.1.5 | 1.6.20 | 23.4 s |",
    );
  });

  it("lists the unexpected outcome with its evidence in a code block", () => {
    expect(md).toContain("### `cgroup/memory-max-writable` in `runsc-20240729.bookworm.native.no-faker`");
    expect(md).toContain("- **observed:** does-not-hold");
    expect(md).toMatch(/```text\n\$ sh -c 'echo 1G > \/sys\/fs\/cgroup\/memory.max'/);
    expect(md).toContain("- k3s tier: no k3s available");
  });

  it("keeps a table row intact when text contains a pipe", () => {
    const cell = fixtureCell();
    const r = fixtureResult("a/b", cell.id, {
      outcome: "unexpected",
      verdict: "blocked",
      expected: ["holds", "does-not-hold"],
    });
    const md = renderMatrixMarkdown(fixtureResults([cell], [r]));
    const row = md
      .slice(md.indexOf("## Matrix"))
      .split("\n")
      .find((l) => l.startsWith("| `a/b`"));
    expect(row).toContain("(expected holds \\| does-not-hold (intermittent))");
    expect(columnsOf(row ?? "")).toBe(2);
  });
});
