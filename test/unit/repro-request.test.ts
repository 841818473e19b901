import { describe, expect, test } from "vitest";
import { pickSample } from "../../helpers/repro/check-sample.js";
import { ReproRequestError, reproCommand, resolveTarget, whyNoRepro } from "../../helpers/repro/request.js";
import { ALL_FINDINGS } from "../../suites/catalog.js";
import { fixtureCell, fixtureResult, fixtureResults } from "./fixtures/results-fixture.js";

const gv = fixtureCell();
const runc = fixtureCell({ runtime: "runc", release: "host", platform: "native" });
const old = fixtureCell({ release: "20221219", platform: "ptrace" });
const results = fixtureResults(
  [gv, runc, old],
  [
    fixtureResult("kernel/matches-runtime", gv.id),
    fixtureResult("kernel/matches-runtime", runc.id),
    fixtureResult("faker/polling-loses-race", gv.id, {
      outcome: "not-applicable",
      verdict: null,
      reason: "needs faker poll",
    }),
    fixtureResult("runc/enoent-without-files", gv.id, { outcome: "error", verdict: null, reason: "boom" }),
    fixtureResult("runc/enoent-without-files", old.id, { verdict: "blocked", durationMs: 900 }),
  ],
);
const refusal = (findingId: string, cellId: string): string => {
  try {
    resolveTarget(results, findingId, cellId, ALL_FINDINGS);
  } catch (error) {
    expect(error).toBeInstanceOf(ReproRequestError);
    return (error as Error).message;
  }
  throw new Error("no refusal");
};

describe("resolveTarget: one line for each verdict without a repro", () => {
  test("finds the run's cell and result", () => {
    const t = resolveTarget(results, "kernel/matches-runtime", gv.id, ALL_FINDINGS);
    expect(t.cell.id).toBe(gv.id);
    expect(t.result.verdict).toBe("holds");
    expect(t.finding.claim).toMatch(/MUST/);
  });
  test("an unknown finding names the findings", () => {
    expect(refusal("kernel/nope", gv.id)).toMatch(
      /^unknown finding kernel\/nope; findings: kernel\/matches-runtime, /,
    );
  });
  test("a malformed cell id shows the shape", () => {
    expect(refusal("kernel/matches-runtime", "bogus")).toMatch(/not a cell id \(<runtime>\.<image>/);
  });
  test("a cell the run did not have names the run's cells", () => {
    expect(refusal("kernel/matches-runtime", "runsc-20240729.sid.tmpfs.faker-ts")).toBe(
      `run ${results.run.id} has no cell runsc-20240729.sid.tmpfs.faker-ts; its cells: ${gv.id}, ${runc.id}, ${old.id}`,
    );
  });
  test("the runc baseline: repro.sh needs runsc", () => {
    expect(refusal("kernel/matches-runtime", runc.id)).toMatch(
      /runc baseline: repro\.sh runs the sandbox with runsc/,
    );
  });
  test("a skipped finding, an error, a finding the run did not run", () => {
    expect(refusal("faker/polling-loses-race", gv.id)).toMatch(/does not apply to .* \(needs faker poll\)$/);
    expect(refusal("runc/enoent-without-files", gv.id)).toMatch(/no verdict .* \(outcome error\)/);
    expect(refusal("fuse/io-enosys", gv.id)).toBe(`run ${results.run.id} did not run fuse/io-enosys in ${gv.id}`);
  });
  test("the messages are one line", () => {
    expect(refusal("kernel/nope", gv.id)).not.toContain("\n");
  });
});

describe("the command the matrix shows", () => {
  test("reads from the run's own results", () => {
    expect(reproCommand("2026-12-02T14-37-17Z", "kernel/matches-runtime", gv.id)).toBe(
      `npm run repro -- kernel/matches-runtime ${gv.id} --from reports/2026-12-02T14-37-17Z/results.json`,
    );
  });
  test("whyNoRepro is null exactly when resolveTarget accepts", () => {
    for (const r of results.results) {
      const cell = results.run.cells.find((c) => c.id === r.cellId);
      expect(whyNoRepro(r, cell) === null).toBe(r.verdict !== null && r.cellId !== runc.id);
    }
  });
});

describe("pickSample", () => {
  test("one per area, a blocked verdict, and never a verdict without a repro", () => {
    const sample = pickSample(results);
    expect(sample.map((s) => `${s.findingId}@${s.cellId}`)).toEqual([
      `kernel/matches-runtime@${gv.id}`,
      `runc/enoent-without-files@${old.id}`,
    ]);
  });
  test("per area the quickest real verdict of a started cell; a cell blocked at start once", () => {
    const kvm = fixtureCell({ release: "20260520", platform: "kvm" }, { blocked: "platform probe" });
    const r = fixtureResults(
      [gv, kvm],
      [
        fixtureResult("faker/inotify-wins-race", gv.id, { durationMs: 20_000 }),
        fixtureResult("faker/polling-loses-race", gv.id, { durationMs: 100, verdict: "blocked" }),
        fixtureResult("faker/polling-loses-race", kvm.id, { durationMs: 10, verdict: "blocked" }),
        fixtureResult("kernel/matches-runtime", gv.id, { durationMs: 500 }),
      ],
    );
    expect(pickSample(r).map((s) => [s.findingId, s.cellId, s.why])).toEqual([
      ["faker/inotify-wins-race", gv.id, "area faker"],
      ["kernel/matches-runtime", gv.id, "area kernel"],
      ["faker/polling-loses-race", gv.id, "a blocked verdict"],
      ["faker/polling-loses-race", kvm.id, "a cell blocked at its start"],
    ]);
  });
});
