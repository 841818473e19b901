import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CellDimensions } from "../../helpers/env/cell.js";
import { ExpectationsError, loadExpectations } from "../../helpers/finding/expectations-load.js";
import { resolveExpectation } from "../../helpers/finding/expectations-resolve.js";
import type { ExpectationEntry } from "../../helpers/finding/expectations-schema.js";
import { defineFinding } from "../../helpers/finding/finding.js";
import { fixtureDims } from "./fixtures/results-fixture.js";

const base = { claim: "c", source: { experiment: "1", section: "s" }, method: "m" };
const gvisor = defineFinding({
  ...base,
  id: "kernel/sandbox-is-gvisor",
  dimensions: ["runtime", "release", "cgroupSetup"],
});
const mounted = defineFinding({ ...base, id: "cgroup/v2-mounted", dimensions: ["image", "cgroupSetup", "faker"] });

function cell(over: Partial<CellDimensions> = {}): CellDimensions {
  return fixtureDims(over);
}

/** Writes `files` into `<tmp>/expectations/`, loads them with <tmp> as the project root. */
async function load(files: Record<string, string>, findings = [gvisor, mounted]) {
  const root = await mkdtemp(join(tmpdir(), "expectations-test-"));
  await mkdir(join(root, "expectations"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, "expectations", name), text);
  return loadExpectations(join(root, "expectations"), findings, root);
}

/** The ExpectationsError a load throws (fails the test if it does not throw one). */
async function loadError(files: Record<string, string>, findings = [gvisor, mounted]): Promise<ExpectationsError> {
  const error: unknown = await load(files, findings).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ExpectationsError))
    throw new Error(`expected an ExpectationsError, got ${String(error)}`);
  return error;
}

const text = (findings: Record<string, unknown>): string =>
  `${JSON.stringify({ schemaVersion: 1, findings }, null, 2)}\n`;
const ok = { rules: [], default: "holds" };

describe("resolveExpectation", () => {
  const entry: ExpectationEntry = {
    rules: [
      { when: { runtime: "runc" }, expect: "does-not-hold", because: "baseline" },
      {
        when: { release: ["20221219", "20230101"], cgroupSetup: "tmpfs" },
        expect: ["holds", "blocked"],
        because: "flaky",
      },
      { when: { release: "20221219" }, expect: "blocked", because: "old" },
    ],
    default: "holds",
  };

  it("takes the first matching rule, with its when and because", () => {
    expect(resolveExpectation(entry, cell({ runtime: "runc", release: "20221219" }))).toEqual({
      expected: ["does-not-hold"],
      rule: { index: 0, when: { runtime: "runc" }, because: "baseline" },
    });
  });

  it("matches a list value by any of its items, and needs every key to match", () => {
    const flaky = resolveExpectation(entry, cell({ release: "20230101", cgroupSetup: "tmpfs" }));
    expect(flaky).toEqual({
      expected: ["holds", "blocked"],
      rule: { index: 1, when: { release: "20221219 | 20230101", cgroupSetup: "tmpfs" }, because: "flaky" },
    });
    expect(resolveExpectation(entry, cell({ release: "20221219", cgroupSetup: "native" })).rule.index).toBe(2);
  });

  it("falls back to the default, with a null rule index", () => {
    expect(resolveExpectation(entry, cell({ release: "20230101" }))).toEqual({
      expected: ["holds"],
      rule: { index: null },
    });
  });

  it("returns a fresh list (the entry is not shared)", () => {
    const { expected } = resolveExpectation(entry, cell({ release: "20230101", cgroupSetup: "tmpfs" }));
    expected.push("does-not-hold");
    expect(entry.rules[1]?.expect).toEqual(["holds", "blocked"]);
  });
});

describe("loadExpectations", () => {
  it("indexes every finding with its file", async () => {
    const index = await load({
      "kernel.json": text({ "kernel/sandbox-is-gvisor": ok }),
      "cgroup.json": text({ "cgroup/v2-mounted": { rules: [], default: "does-not-hold" } }),
      "notes.txt": "not json, ignored",
    });
    expect([...index.keys()].sort()).toEqual(["cgroup/v2-mounted", "kernel/sandbox-is-gvisor"]);
    expect(index.get("cgroup/v2-mounted")).toEqual({
      file: "expectations/cgroup.json",
      entry: { rules: [], default: "does-not-hold" },
    });
  });

  it("reports every problem of a file, in file order, with line:col and path", async () => {
    const file = [
      "{",
      '  "schemaVersion": 1,',
      '  "findings": {',
      '    "kernel/sandbox-is-gvisor": {',
      '      "rules": [',
      '        { "when": { "runtime": "runc" }, "expcet": "does-not-hold", "because": "baseline" },',
      '        { "when": {}, "expect": "hold", "because": "" },',
      '        { "when": { "image": "bookworm", "runtime": ["runc", "gvisor"] }, "expect": [], "because": "x" }',
      "      ],",
      '      "default": ["holds"]',
      "    },",
      '    "kernel/nope": { "rules": [], "default": "holds" }',
      "  }",
      "}",
    ].join("\n");
    const error = await loadError({ "kernel.json": file, "cgroup.json": text({ "cgroup/v2-mounted": ok }) });
    const at = 'expectations/kernel.json:LINE findings["kernel/sandbox-is-gvisor"]';
    const line = (pos: string, rest: string): string => at.replace("LINE", pos) + rest;
    expect(error.message.split("\n")).toEqual([
      line("6:9", '.rules[0]: missing key "expect"'),
      line("6:42", '.rules[0].expcet: unknown key "expcet" (expected when | expect | because)'),
      line("7:19", '.rules[1].when: empty "when" matches every cell: that is what "default" is for'),
      line("7:33", '.rules[1].expect: "hold" is not a verdict (holds | does-not-hold | blocked)'),
      line("7:52", '.rules[1].because: expected a non-empty reason, got string ""'),
      line(
        "8:21",
        '.rules[2].when.image: finding "kernel/sandbox-is-gvisor" does not declare dimension "image"' +
          " (it declares: runtime, release, cgroupSetup)",
      ),
      line("8:62", '.rules[2].when.runtime[1]: "gvisor" is not a runtime (runc | runsc)'),
      line("8:85", ".rules[2].expect: empty list: give one value or a non-empty list"),
      line(
        "10:18",
        ".default: expected one verdict (holds | does-not-hold | blocked), got a list: intermittent belongs in a rule",
      ),
      'expectations/kernel.json:12:5 findings["kernel/nope"]: "kernel/nope" is not a known finding id',
    ]);
    expect(error.file).toBe("expectations/kernel.json");
    expect(error.place).toBe('6:9 findings["kernel/sandbox-is-gvisor"].rules[0]');
    expect(error.problem).toBe('missing key "expect"');
    expect(error.problems).toHaveLength(10);
  });

  it.each([
    [
      "schemaVersion",
      '{ "schemaVersion": 2, "findings": {} }',
      ["1:20 schemaVersion: unsupported schemaVersion number 2 (this harness reads 1)"],
    ],
    [
      "a top-level typo",
      '{ "schemaVersion": 1, "findngs": {} }',
      ['1:1: missing key "findings"', '1:23 findngs: unknown key "findngs" (expected schemaVersion | findings)'],
    ],
    [
      "findings type",
      '{ "schemaVersion": 1, "findings": [] }',
      ["1:35 findings: expected an object keyed by finding id, got a list"],
    ],
    ["a non-object", "[1]", ['1:1: expected an object with "schemaVersion" and "findings", got a list']],
  ])("reports %s at the top level", async (_, file, expected) => {
    const error = await loadError({ "cgroup.json": file }, []);
    expect(error.message.split("\n")).toEqual(expected.map((line) => `expectations/cgroup.json:${line}`));
  });

  const ruleProblem = async (rule: unknown): Promise<string> =>
    (
      await loadError({ "cgroup.json": text({ "cgroup/v2-mounted": { rules: [rule], default: "holds" } }) }, [
        mounted,
      ])
    ).message;

  it.each([
    [
      { when: { imgae: "sid" }, expect: "holds", because: "b" },
      '8:13 findings["cgroup/v2-mounted"].rules[0].when.imgae: unknown dimension "imgae" (expected runtime | release | platform | image | cgroupSetup | faker, or an observed fact: openat2 | runcVersion | sandboxCgroup | procfsRoot | tmpfsSizeOptions | kernelVersion | containerdVersion | crunVersion | procSetgroups | mountSetattr | loopbackUp | iptablesComment | sentryGetrandomState | sentryDroppableMmap)',
    ],
    [
      { when: { image: "buster" }, expect: "holds", because: "b" },
      '8:22 findings["cgroup/v2-mounted"].rules[0].when.image: "buster" is not an image suite (bookworm | sid)',
    ],
    [
      { when: { faker: ["ts", "ts"] }, expect: "holds", because: "b" },
      '10:15 findings["cgroup/v2-mounted"].rules[0].when.faker[1]: "ts" is listed twice',
    ],
    [
      { when: { cgroupSetup: 2 }, expect: "holds", because: "b" },
      '8:28 findings["cgroup/v2-mounted"].rules[0].when.cgroupSetup: expected a string, got number 2',
    ],
    [
      { when: { image: "sid" }, expect: 1, because: "b" },
      '10:21 findings["cgroup/v2-mounted"].rules[0].expect: expected a verdict (holds | does-not-hold | blocked), got number 1',
    ],
    [
      { when: { image: "sid" }, expect: "holds" },
      '6:9 findings["cgroup/v2-mounted"].rules[0]: missing key "because"',
    ],
    [
      { when: "sid", expect: "holds", because: "b" },
      '7:19 findings["cgroup/v2-mounted"].rules[0].when: expected an object of cell dimensions, got string "sid"',
    ],
    [
      "holds",
      '6:9 findings["cgroup/v2-mounted"].rules[0]: expected an object with "when", "expect" and "because", got string "holds"',
    ],
  ])("reports a bad rule %j", async (rule, expected) => {
    expect(await ruleProblem(rule)).toBe(`expectations/cgroup.json:${expected}`);
  });

  it("reports a JSON syntax error at its line:col", async () => {
    const file =
      '{\n  "schemaVersion": 1,\n  "findings": {\n    "cgroup/v2-mounted": { "rules": [] "default": "holds" }\n  }\n}\n';
    const error = await loadError({
      "cgroup.json": file,
      "kernel.json": text({ "kernel/sandbox-is-gvisor": ok }),
    });
    // A file that is not JSON declares no findings we can see: no "missing finding" noise on top of it.
    expect(error.message).toBe(
      'expectations/cgroup.json:4:40: JSON syntax error: expected "," or "}", found "\\""',
    );
    expect(error.place).toBe("4:40");
  });

  it.each([
    ["a trailing comma", '{ "schemaVersion": 1, }', '1:23: JSON syntax error: expected a quoted key, found "}"'],
    [
      "an unterminated string",
      '{ "schemaVersion": 1, "findings": { "x\n',
      "1:37: JSON syntax error: unterminated string, or a bad escape or raw control character in it",
    ],
    ["an empty file", "", "1:1: JSON syntax error: expected a value, found end of file"],
    ["trailing text", "{}\n}", '2:1: JSON syntax error: expected end of file after the value, found "}"'],
  ])("reports %s as a syntax error", async (_, file, expected) => {
    expect((await loadError({ "cgroup.json": file })).message).toBe(`expectations/cgroup.json:${expected}`);
  });

  it("reports a finding id given twice in one file (JSON would keep the last)", async () => {
    const file =
      '{ "schemaVersion": 1, "findings": {\n  "cgroup/v2-mounted": { "rules": [], "default": "holds" },\n  "cgroup/v2-mounted": { "rules": [], "default": "holds" } } }';
    expect((await loadError({ "cgroup.json": file }, [mounted])).message).toBe(
      'expectations/cgroup.json:3:3 findings["cgroup/v2-mounted"]: duplicate key "cgroup/v2-mounted": JSON keeps only the last',
    );
  });

  it("reports a known finding with no entry in any file, in the file of its area", async () => {
    const error = await loadError({ "kernel.json": text({ "kernel/sandbox-is-gvisor": ok }) });
    expect(error.message).toBe(
      'expectations/cgroup.json findings["cgroup/v2-mounted"]: known finding "cgroup/v2-mounted" has no entry in any' +
        " expectations file (add it here: one file per area)",
    );
    expect(error.place).toBe('findings["cgroup/v2-mounted"]');
  });

  it("reports the same finding in two files, pointing at both", async () => {
    const error = await loadError({
      "cgroup.json": text({ "cgroup/v2-mounted": ok }),
      "more.json": text({ "kernel/sandbox-is-gvisor": ok, "cgroup/v2-mounted": ok }),
    });
    expect(error.message).toBe(
      'expectations/more.json:8:5 findings["cgroup/v2-mounted"]: "cgroup/v2-mounted" is also in' +
        " expectations/cgroup.json:4:5: a finding belongs in one file",
    );
  });

  it("reports problems of several files in one error", async () => {
    const error = await loadError({
      "cgroup.json": text({ "cgroup/v2-mounted": { rules: [], default: "hold" } }),
      "kernel.json": text({ "kernel/sandbox-is-gvisor": { rules: [], default: "hlds" } }),
    });
    expect(error.problems.map((p) => `${p.file} ${p.path}`)).toEqual([
      'expectations/cgroup.json findings["cgroup/v2-mounted"].default',
      'expectations/kernel.json findings["kernel/sandbox-is-gvisor"].default',
    ]);
  });

  it("reports a missing directory as an expectations problem", async () => {
    const error: unknown = await loadExpectations("/nonexistent/expectations", [gvisor]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExpectationsError);
    expect((error as ExpectationsError).message).toMatch(
      /^\/nonexistent\/expectations: cannot list the directory: ENOENT/,
    );
  });
});
