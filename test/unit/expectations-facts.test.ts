import { readFileSync } from "node:fs";
import { describe, expect, it, test } from "vitest";
import type { CellDimensions } from "../../helpers/env/cell.js";
import { loadExpectations, parseExpectationsText } from "../../helpers/finding/expectations-load.js";
import { resolveExpectation, whenMatches } from "../../helpers/finding/expectations-resolve.js";
import {
  BOTH_VERDICTS_PROBLEM,
  DIMENSION_KEYS,
  FACT_KEYS,
  rulesAcceptingBothVerdicts,
  validateExpectations,
  type ExpectationEntry,
  type ExpectationsFile,
} from "../../helpers/finding/expectations-schema.js";
import { formatExpectations, updateExpectations } from "../../helpers/finding/expectations-update.js";
import { defineFinding } from "../../helpers/finding/finding.js";
import { describeRule } from "../../helpers/report/entry-labels.js";
import { parseResultsJson } from "../../helpers/report/results-read.js";
import { ALL_FINDINGS, EXPECTATIONS_DIR } from "../../suites/catalog.js";
import { fixtureCell, fixtureDims, fixtureResults } from "./fixtures/results-fixture.js";

const base = { claim: "c", source: { experiment: "1", section: "s" }, method: "m" };
/** Declares release only: the facts need no declaration. */
const fuse = defineFinding({ ...base, id: "fuse/io-enosys", dimensions: ["release"] });
const constant = defineFinding({ ...base, id: "kernel/constant", dimensions: [] });

const dims = (over: Partial<CellDimensions> = {}): CellDimensions => fixtureDims({ release: "20260520", ...over });

/** Dimensions as a run before the facts recorded them. */
const withoutFacts = (d: CellDimensions): Record<string, string> =>
  Object.fromEntries(Object.entries(d).filter(([k]) => !(FACT_KEYS as readonly string[]).includes(k)));

const fileWith = (id: string, rules: unknown[]) => ({
  schemaVersion: 1,
  findings: { [id]: { rules, default: "holds" } },
});
const problemsOf = (rules: unknown[], finding = fuse, options = {}) =>
  validateExpectations(fileWith(finding.id, rules), [finding], options).problems.map(
    (p) => `${p.path.slice(3).join(".")}: ${p.problem}`,
  );
const rule = (when: unknown, expect: unknown = "does-not-hold") => ({ when, expect, because: "b" });

describe("FACT_KEYS and DIMENSION_KEYS", () => {
  it("keep the declared dimensions apart from the observed facts", () => {
    expect(DIMENSION_KEYS).toEqual(["runtime", "release", "platform", "image", "cgroupSetup", "faker"]);
    expect(FACT_KEYS).toEqual([
      "openat2",
      "runcVersion",
      "sandboxCgroup",
      "procfsRoot",
      "tmpfsSizeOptions",
      "kernelVersion",
      "containerdVersion",
      "crunVersion",
      "procSetgroups",
      "mountSetattr",
      "loopbackUp",
      "iptablesComment",
      "sentryGetrandomState",
      "sentryDroppableMmap",
    ]);
  });
});

describe("validateExpectations: observed facts in `when`", () => {
  it("accepts every fact in any finding's rule, without declaring it", () => {
    expect(
      problemsOf(
        [
          rule({ openat2: "enosys" }),
          rule({ sandboxCgroup: ["v2", "none"] }),
          rule({ runcVersion: ">=1.2" }),
          rule({ runcVersion: ["<1.1.5", "1.1.5", "=1.3", "<=2.0", ">1.1.12"] }),
          rule({ release: "20260520", openat2: "unknown", sandboxCgroup: "unknown" }),
        ],
        fuse,
      ),
    ).toEqual([]);
    expect(problemsOf([rule({ openat2: "implemented" })], constant)).toEqual([]);
  });

  it("reports every bad value, one problem per path", () => {
    expect(
      problemsOf([
        rule({ openat2: "ENOSYS", sandboxCgroup: "2", runcVersion: "1.1.5+ds1" }),
        rule({ runcVersion: [">= 1.2", "unknown", 12, ">=1.2", ">=1.2"] }),
        rule({ openat2: [], sandboxCgroup: true }),
      ]),
    ).toEqual([
      '0.when.openat2: "ENOSYS" is not an openat2 fact (implemented | enosys | unknown)',
      '0.when.sandboxCgroup: "2" is not a sandbox cgroup version (v1 | v2 | none | unknown)',
      '0.when.runcVersion: "1.1.5+ds1" is not a runc version (x.y or x.y.z, or >= <= > < = followed by one)',
      '1.when.runcVersion.0: ">= 1.2" is not a runc version (x.y or x.y.z, or >= <= > < = followed by one)',
      '1.when.runcVersion.1: "unknown" is not a runc version (x.y or x.y.z, or >= <= > < = followed by one)',
      "1.when.runcVersion.2: expected a string, got number 12",
      '1.when.runcVersion.4: ">=1.2" is listed twice',
      "2.when.openat2: empty list: give one value or a non-empty list",
      "2.when.sandboxCgroup: expected a string, got boolean true",
    ]);
  });

  it("still refuses an undeclared dimension and names the facts among the keys", () => {
    expect(problemsOf([rule({ image: "sid", opennat2: "enosys" })])).toEqual([
      '0.when.image: finding "fuse/io-enosys" does not declare dimension "image" (it declares: release)',
      '0.when.opennat2: unknown dimension "opennat2" (expected runtime | release | platform | image | cgroupSetup | faker,' +
        " or an observed fact: openat2 | runcVersion | sandboxCgroup | procfsRoot | tmpfsSizeOptions | kernelVersion | containerdVersion | crunVersion | procSetgroups | mountSetattr | loopbackUp | iptablesComment | sentryGetrandomState | sentryDroppableMmap)",
    ]);
  });
});

describe("whenMatches and resolveExpectation on facts", () => {
  const entry: ExpectationEntry = {
    rules: [
      { when: { openat2: "enosys" }, expect: "holds", because: "no openat2" },
      { when: { sandboxCgroup: ["v2", "none"] }, expect: "blocked", because: "no v1 hierarchy" },
      { when: { runcVersion: ">=1.2" }, expect: "does-not-hold", because: "newer runc" },
    ],
    default: "holds",
  };

  it("matches openat2 and sandboxCgroup like a dimension, a list by any of its values", () => {
    expect(resolveExpectation(entry, dims({ openat2: "enosys", runcVersion: "1.3.6" })).rule.index).toBe(0);
    expect(resolveExpectation(entry, dims({ sandboxCgroup: "none" })).rule.index).toBe(1);
    expect(resolveExpectation(entry, dims({ sandboxCgroup: "v2" })).rule.index).toBe(1);
    expect(
      resolveExpectation(entry, dims({ openat2: "unknown", sandboxCgroup: "unknown" })).rule.index,
    ).toBeNull();
  });

  it("compares runcVersion numerically; unknown never matches a comparison", () => {
    expect(resolveExpectation(entry, dims({ runcVersion: "1.3.6" }))).toEqual({
      expected: ["does-not-hold"],
      rule: { index: 2, when: { runcVersion: ">=1.2" }, because: "newer runc" },
    });
    expect(resolveExpectation(entry, dims({ runcVersion: "1.10.0" })).rule.index).toBe(2);
    expect(resolveExpectation(entry, dims({ runcVersion: "1.1.5" })).rule.index).toBeNull();
    expect(resolveExpectation(entry, dims({ runcVersion: "unknown" })).rule.index).toBeNull();
    expect(whenMatches({ runcVersion: ["<1.1.5", "1.1.5"] }, dims())).toBe(true);
    expect(whenMatches({ runcVersion: ["<1.1.5", "1.1.5"] }, dims({ runcVersion: "1.1.12" }))).toBe(false);
  });

  it("needs dimensions and facts to match together", () => {
    const when = { release: "20260520", openat2: "implemented", runcVersion: "<1.2" };
    expect(whenMatches(when, dims())).toBe(true);
    expect(whenMatches(when, dims({ release: "20250505" }))).toBe(false);
    expect(whenMatches(when, dims({ openat2: "enosys" }))).toBe(false);
  });

  it("does not match a fact an old run's dimensions lack", () => {
    const old = withoutFacts(dims());
    expect(whenMatches({ openat2: "implemented" }, old as unknown as CellDimensions)).toBe(false);
    expect(whenMatches({ runcVersion: ">=1.0" }, old as unknown as CellDimensions)).toBe(false);
  });
});

describe("describeRule with facts", () => {
  it("shows a fact as a condition on what the cell measured", () => {
    expect(
      describeRule({
        index: 0,
        when: { release: "20260520", openat2: "enosys", sandboxCgroup: "v2 | none", runcVersion: ">=1.2 | 1.1.5" },
        because: "measured",
      }),
    ).toBe(
      "rules[0]: when {release: 20260520, openat2=enosys, sandboxCgroup=v2 | none, runcVersion>=1.2 | =1.1.5}" +
        " because measured",
    );
  });
});

describe("updateExpectations with facts", () => {
  const text = `${JSON.stringify(
    fileWith(fuse.id, [
      { because: "why", expect: "does-not-hold", when: { runcVersion: ">=1.2", release: "20260520" } },
    ]),
    null,
    2,
  )}\n`;

  it("keeps a rule's fact keys (after the dimensions) and resolves with them", () => {
    const doc = parseExpectationsText(text, "fuse.json", [fuse]).file as ExpectationsFile;
    expect(formatExpectations(doc)).toContain('"when": { "release": "20260520", "runcVersion": ">=1.2" }');
    const expected = {
      findingId: fuse.id,
      dims: dims({ runcVersion: "1.3.6" }),
      verdict: "does-not-hold" as const,
    };
    expect(updateExpectations(text, [{ ...expected, runId: "r" }], [fuse]).changed).toEqual([]);
  });

  it("generates new rules on declared dimensions only", () => {
    const result = updateExpectations(
      text,
      [{ findingId: fuse.id, dims: dims({ openat2: "enosys" }), verdict: "blocked", runId: "run-9" }],
      [fuse],
    );
    expect(result.text).toContain('"when": { "release": "20260520" },\n          "expect": "blocked"');
    expect(result.text).not.toContain('"openat2"');
  });
});

describe("results files without facts (older runs)", () => {
  it("read with the facts as unknown, and keep the facts they have", () => {
    const cell = fixtureCell();
    const old = withoutFacts(cell.dimensions);
    const file = fixtureResults(
      [{ ...cell, dimensions: old as unknown as CellDimensions }, fixtureCell({ release: "20221219" })],
      [],
    );
    const read = parseResultsJson(JSON.stringify(file), "old.json");
    expect(read.run.cells[0]?.dimensions).toEqual({
      ...old,
      openat2: "unknown",
      runcVersion: "unknown",
      sandboxCgroup: "unknown",
      procfsRoot: "unknown",
      tmpfsSizeOptions: "unknown",
      kernelVersion: "unknown",
      containerdVersion: "unknown",
      crunVersion: "unknown",
      procSetgroups: "unknown",
      mountSetattr: "unknown",
      loopbackUp: "unknown",
      iptablesComment: "unknown",
      sentryGetrandomState: "unknown",
      sentryDroppableMmap: "unknown",
    });
    expect(read.run.cells[1]?.dimensions).toEqual(fixtureCell({ release: "20221219" }).dimensions);
  });
});

describe("a rule accepting both holds and does-not-hold (issue 22)", () => {
  const both = [
    rule({ release: "20260520" }, ["holds", "does-not-hold"]),
    rule({ release: "20250505" }, ["does-not-hold", "blocked"]),
    rule({ release: "20240729" }, ["does-not-hold", "blocked", "holds"]),
  ];

  it("is a problem only with forbidBothVerdicts (off by default)", () => {
    expect(problemsOf(both)).toEqual([]);
    expect(problemsOf(both, fuse, { forbidBothVerdicts: false })).toEqual([]);
    expect(problemsOf(both, fuse, { forbidBothVerdicts: true })).toEqual([
      `0.expect: ${BOTH_VERDICTS_PROBLEM}`,
      `2.expect: ${BOTH_VERDICTS_PROBLEM}`,
    ]);
    expect(BOTH_VERDICTS_PROBLEM).toBe("a rule that accepts both holds and does-not-hold asserts nothing");
  });

  it("is listed by rulesAcceptingBothVerdicts", () => {
    const file = fileWith(fuse.id, both) as unknown as ExpectationsFile;
    expect(rulesAcceptingBothVerdicts(file)).toEqual([
      { findingId: fuse.id, index: 0, expect: ["holds", "does-not-hold"] },
      { findingId: fuse.id, index: 2, expect: ["does-not-hold", "blocked", "holds"] },
    ]);
  });

  // The loader refuses such a rule too (forbidBothVerdicts in expectations-load.ts): this says which, by file.
  test("no expectations file has one", async () => {
    const index = await loadExpectations(EXPECTATIONS_DIR, ALL_FINDINGS);
    const files = [...new Set([...index.values()].map((e) => e.file))];
    const found = files.flatMap((file) => {
      const doc = JSON.parse(
        readFileSync(`${EXPECTATIONS_DIR}/${file.split("/").at(-1)}`, "utf8"),
      ) as ExpectationsFile;
      return rulesAcceptingBothVerdicts(doc).map((r) => ({ file, ...r }));
    });
    expect(found).toEqual([]);
  });
});
