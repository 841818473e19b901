import { format } from "prettier";
import { describe, expect, it } from "vitest";
import type { CellDimensions } from "../../helpers/env/cell.js";
import { ExpectationsError, parseExpectationsText } from "../../helpers/finding/expectations-load.js";
import { resolveExpectation } from "../../helpers/finding/expectations-resolve.js";
import type { ExpectationsFile } from "../../helpers/finding/expectations-schema.js";
import {
  formatExpectations,
  unifiedDiff,
  updateExpectations,
  type Observation,
} from "../../helpers/finding/expectations-update.js";
import { defineFinding } from "../../helpers/finding/finding.js";
import { fixtureDims } from "./fixtures/results-fixture.js";

const base = { claim: "c", source: { experiment: "1", section: "s" }, method: "m" };
const gvisor = defineFinding({ ...base, id: "kernel/sandbox-is-gvisor", dimensions: ["cgroupSetup", "runtime"] });
const constant = defineFinding({ ...base, id: "kernel/constant", dimensions: [] });
const elsewhere = defineFinding({ ...base, id: "cgroup/elsewhere", dimensions: ["image"] });
const FINDINGS = [gvisor, constant, elsewhere];

const runsc: CellDimensions = fixtureDims();
const sid: CellDimensions = { ...runsc, image: "sid" };
const runc: CellDimensions = { ...runsc, runtime: "runc", release: "", platform: "" };

/** A file as a person might write it: keys out of canonical order, objects spread over lines. */
const INPUT = `${JSON.stringify(
  {
    schemaVersion: 1,
    findings: {
      "kernel/sandbox-is-gvisor": {
        default: "holds",
        rules: [{ because: "baseline", expect: "does-not-hold", when: { runtime: "runc" } }],
      },
      "kernel/constant": { rules: [], default: "holds" },
    },
  },
  null,
  2,
)}\n`;

const obs = (findingId: string, dims: CellDimensions, verdict: Observation["verdict"], runId = "run-1") => ({
  findingId,
  dims,
  verdict,
  runId,
});

describe("updateExpectations", () => {
  it("leaves the text untouched when every verdict was expected", () => {
    const result = updateExpectations(
      INPUT,
      [obs(gvisor.id, runsc, "holds"), obs(gvisor.id, runc, "does-not-hold")],
      FINDINGS,
    );
    expect(result).toEqual({ text: INPUT, changed: [], unplaceable: [] });
  });

  it("inserts one rule at the top per finding and `when`, in a stable layout", () => {
    const result = updateExpectations(
      INPUT,
      [
        obs(gvisor.id, runsc, "blocked", "run-7"),
        obs(gvisor.id, sid, "blocked", "run-8"), // same `when` (image is not a dimension of the finding): deduped
        obs(gvisor.id, { ...runsc, cgroupSetup: "tmpfs" }, "does-not-hold"),
        obs(elsewhere.id, runsc, "blocked"), // not in this file: ignored
      ],
      FINDINGS,
    );
    expect(result.text).toBe(`{
  "schemaVersion": 1,
  "findings": {
    "kernel/sandbox-is-gvisor": {
      "rules": [
        {
          "when": { "runtime": "runsc", "cgroupSetup": "native" },
          "expect": "blocked",
          "because": "observed in run run-7: replace with the reason"
        },
        {
          "when": { "runtime": "runsc", "cgroupSetup": "tmpfs" },
          "expect": "does-not-hold",
          "because": "observed in run run-1: replace with the reason"
        },
        {
          "when": { "runtime": "runc" },
          "expect": "does-not-hold",
          "because": "baseline"
        }
      ],
      "default": "holds"
    },
    "kernel/constant": {
      "rules": [],
      "default": "holds"
    }
  }
}
`);
    expect(result.changed).toEqual([
      { findingId: gvisor.id, cellDims: runsc, was: ["holds"], now: "blocked" },
      { findingId: gvisor.id, cellDims: sid, was: ["holds"], now: "blocked" },
      { findingId: gvisor.id, cellDims: { ...runsc, cgroupSetup: "tmpfs" }, was: ["holds"], now: "does-not-hold" },
    ]);
  });

  it("lists every verdict seen under one `when` (a new known intermittent), in verdict order", () => {
    const observations = [
      obs(gvisor.id, runsc, "blocked"),
      obs(gvisor.id, sid, "holds"),
      obs(gvisor.id, runsc, "blocked"),
    ];
    const { text, changed } = updateExpectations(INPUT, observations, FINDINGS);
    const doc = parseExpectationsText(text, "x", FINDINGS).file as ExpectationsFile;
    expect(doc.findings[gvisor.id]?.rules[0]?.expect).toEqual(["holds", "blocked"]);
    expect(changed).toHaveLength(1);
    // The rewritten file now expects what was observed.
    const entry = doc.findings[gvisor.id]!;
    expect(resolveExpectation(entry, sid).expected).toEqual(["holds", "blocked"]);
    expect(resolveExpectation(entry, runc).expected).toEqual(["does-not-hold"]);
  });

  it("does not write a rule for a finding without dimensions (no `when` could hold it)", () => {
    const result = updateExpectations(INPUT, [obs(constant.id, runsc, "blocked")], FINDINGS);
    expect(result.text).toBe(INPUT);
    expect(result.unplaceable).toEqual([
      { findingId: constant.id, cellDims: runsc, was: ["holds"], now: "blocked" },
    ]);
  });

  it("refuses a malformed file with an ExpectationsError naming it", () => {
    const bad = INPUT.replace('"does-not-hold"', '"nope"');
    expect(() => updateExpectations(bad, [], FINDINGS, "expectations/kernel.json")).toThrow(
      new ExpectationsError([
        {
          file: "expectations/kernel.json",
          path: 'findings["kernel/sandbox-is-gvisor"].rules[0].expect',
          line: 9,
          col: 21,
          problem: '"nope" is not a verdict (holds | does-not-hold | blocked)',
        },
      ]),
    );
  });
});

describe("formatExpectations", () => {
  const fileWith = (release: string[], because: string): ExpectationsFile => ({
    schemaVersion: 1,
    findings: {
      "a/b": {
        rules: [{ when: { release, cgroupSetup: "tmpfs" }, expect: ["holds", "does-not-hold"], because }],
        default: "holds",
      },
    },
  });

  it("is prettier-stable (printWidth 115) on both sides of every line-width boundary", async () => {
    // Growing one value by a character at a time crosses each boundary (the `when`, then its list) exactly.
    for (let len = 1; len <= 110; len++)
      for (const others of [[], ["20221219", "20230101"]]) {
        const text = formatExpectations(fileWith([...others, "r".repeat(len)], "b"));
        expect(await format(text, { parser: "json", printWidth: 115 })).toBe(text);
      }
  });

  it("puts a `when` on one line when it fits, else one dimension (then one value) per line", () => {
    const short = formatExpectations(fileWith(["20221219"], "b"));
    expect(short).toContain('"when": { "release": ["20221219"], "cgroupSetup": "tmpfs" },\n');
    const long = formatExpectations(
      fileWith(
        Array.from({ length: 12 }, (_, i) => `2022121${i}`),
        "b",
      ),
    );
    expect(long).toContain('"when": {\n            "release": [\n              "20221210",\n');
  });
});

describe("unifiedDiff", () => {
  const lines = (n: number, change: (i: number) => string | null = (i) => `line ${i}`): string =>
    `${Array.from({ length: n }, (_, i) => change(i + 1))
      .filter((l) => l !== null)
      .join("\n")}\n`;

  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\n", "a\n", "x.json")).toBe("");
  });

  it("prints hunks with 3 lines of context, like diff -u", () => {
    const before = lines(20);
    const after = lines(20, (i) => (i === 2 ? "line two" : i === 15 ? null : `line ${i}`));
    expect(unifiedDiff(before, after, "expectations/kernel.json")).toBe(
      [
        "--- a/expectations/kernel.json",
        "+++ b/expectations/kernel.json",
        "@@ -1,5 +1,5 @@",
        " line 1",
        "-line 2",
        "+line two",
        " line 3",
        " line 4",
        " line 5",
        "@@ -12,7 +12,6 @@",
        " line 12",
        " line 13",
        " line 14",
        "-line 15",
        " line 16",
        " line 17",
        " line 18",
        "",
      ].join("\n"),
    );
  });

  it("merges changes whose context overlaps, and handles additions to an empty text", () => {
    const after = lines(10, (i) => (i === 3 || i === 8 ? `changed ${i}` : `line ${i}`));
    expect(
      unifiedDiff(lines(10), after, "f")
        .split("\n")
        .filter((l) => l.startsWith("@@")),
    ).toEqual(["@@ -1,10 +1,10 @@"]);
    expect(unifiedDiff("", "a\nb\n", "f")).toBe("--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  });

  it("marks a last line without newline", () => {
    expect(unifiedDiff("a", "a\n", "f")).toBe(
      "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n",
    );
  });
});
