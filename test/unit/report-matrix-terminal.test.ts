import { describe, expect, it } from "vitest";
import { renderMatrixTerminal } from "../../helpers/report/matrix-terminal.js";
import { fixtureCell, fixtureResult, fixtureResults, sampleResults } from "./fixtures/results-fixture.js";

describe("renderMatrixTerminal (no colour)", () => {
  const text = renderMatrixTerminal(sampleResults(), { color: false, width: 160 });
  const lines = text.split("\n");

  it("uses no ANSI escapes without colour", () => {
    expect(text).not.toContain("\x1b[");
  });

  it("heads the table with cell numbers and shows words when they fit", () => {
    expect(lines.find((l) => l.startsWith("finding"))).toMatch(/^finding\s+1\s+2\s+3$/);
    const row = lines.find((l) => l.startsWith("kernel/sandbox-is-gvisor"));
    expect(row).toMatch(/✓ holds\s+✓ holds\s+✗ does-not-hold$/);
    const cgroup = lines.find((l) => l.startsWith("cgroup/memory-max-writable"));
    expect(cgroup).toContain("✗ does-not-hold ≠");
    expect(cgroup).toContain("! error");
    expect(cgroup).toContain("n/a");
    expect(cgroup).toMatch(/<- 1 UNEXPECTED$/);
  });

  it("falls back to glyphs in a narrow terminal", () => {
    const narrow = renderMatrixTerminal(sampleResults(), { color: false, width: 60 }).split("\n");
    expect(narrow.find((l) => l.startsWith("kernel/sandbox-is-gvisor"))).toMatch(/✓\s+✓\s+✗$/);
    expect(narrow.find((l) => l.startsWith("timing/exec-latency"))).toMatch(/✓\s+·\s+✓$/);
  });

  it("has a legend mapping numbers to cell ids, wall times and the run total", () => {
    expect(lines).toContain("  1  runsc-20240729.bookworm.native.no-faker  release-20240729.0, systrap");
    expect(lines).toContain("wall time: 1: 23.4 s, 2: 23.4 s, 3: 23.4 s; run total 5 min 12 s");
  });

  it("prints the counts line", () => {
    expect(lines).toContain("5 as expected, 1 unexpected, 1 error, 0 skipped, 1 does not apply, 1 not run");
  });

  it("prints each unexpected outcome as a readable block", () => {
    const start = lines.indexOf(
      "UNEXPECTED cgroup/memory-max-writable in runsc-20240729.bookworm.native.no-faker",
    );
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 7)).toEqual([
      "  claim:    The claim of cgroup/memory-max-writable MUST hold.",
      "  expected: holds   (default: the claim as the log states it)",
      "  observed: does-not-hold",
      "  summary:  write to memory.max failed with EACCES",
      "  evidence: $ sh -c 'echo 1G > /sys/fs/cgroup/memory.max'  -> exit 1 (12 ms)",
      "            stderr: sh: can't create: Permission denied",
    ]);
  });

  it("lists errors and what did not run", () => {
    expect(lines).toContain(
      "  ! cgroup/memory-max-writable in runsc-20221219.bookworm.native.no-faker: container died",
    );
    expect(lines).toContain("  - k3s tier: no k3s available");
  });

  it("colours unexpected entries red when asked", () => {
    expect(renderMatrixTerminal(sampleResults(), { color: true })).toContain("\x1b[1;31mUNEXPECTED");
  });

  it("cannot be driven by control characters in evidence", () => {
    const cell = fixtureCell();
    const r = fixtureResult("a/b", cell.id, {
      outcome: "unexpected",
      verdict: "does-not-hold",
      summary: "bad \x1b[2J",
    });
    expect(renderMatrixTerminal(fixtureResults([cell], [r]), { color: false })).not.toContain("\x1b");
  });
});
