import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  diffHeadAgainstPinned,
  headDiffHeadline,
  mdCode,
  renderHeadDiff,
  renderHeadNote,
  type HeadDiffInfo,
} from "../../helpers/report/head-diff.js";
import { parseResultsJson } from "../../helpers/report/results-read.js";

/**
 * A recorded-shape run of `--gvisor head`: the pinned snapshot go20260905-160fafc42237 and a head
 * go20261203-0123456789ab, each with its own runtime (native, overlay-memory + ts faker) and its cgroup v2 variant
 * (native), plus a 20260520 cell and the runc baseline, which the head diff leaves out.
 */
const FIXTURE = path.join(import.meta.dirname, "fixtures/head-diff-results.json");
const results = parseResultsJson(readFileSync(FIXTURE, "utf8"), FIXTURE);
const PINNED = "go20260905-160fafc42237";
const HEAD = "go20261203-0123456789ab";
const INFO: HeadDiffInfo = {
  head: {
    release: HEAD,
    moduleVersion: "v0.0.0-20261203041500-0123456789ab",
    committed: "2026-12-03 06:02:11 UTC",
  },
  pinned: PINNED,
  runId: results.run.id,
};

describe("head diff", () => {
  const diff = diffHeadAgainstPinned(results, PINNED, HEAD);

  test("pairs the head's cells with the pinned build's by shape, variant runtimes included", () => {
    expect(diff.cellPairs.map((p) => [p.label, p.before, p.after])).toEqual([
      [
        "runsc-*.bookworm.native.no-faker",
        `runsc-${PINNED}.bookworm.native.no-faker`,
        `runsc-${HEAD}.bookworm.native.no-faker`,
      ],
      [
        "runsc-*-in-sandbox-cgroup-v2.bookworm.native.no-faker",
        `runsc-${PINNED}-in-sandbox-cgroup-v2.bookworm.native.no-faker`,
        `runsc-${HEAD}-in-sandbox-cgroup-v2.bookworm.native.no-faker`,
      ],
      [
        "runsc-*.bookworm.overlay-memory.faker-ts",
        `runsc-${PINNED}.bookworm.overlay-memory.faker-ts`,
        `runsc-${HEAD}.bookworm.overlay-memory.faker-ts`,
      ],
    ]);
    // 20260520's cell and the runc baseline are not part of the comparison.
    expect(diff.changes.every((c) => !`${c.before?.cellId}${c.after?.cellId}`.includes("20260520"))).toBe(true);
  });

  test("renders the headline, one line per verdict change with both summaries, then outcome changes", () => {
    expect(renderHeadDiff(diff, INFO)).toBe(
      [
        `gVisor head ${HEAD} (v0.0.0-20261203041500-0123456789ab, committed 2026-12-03 06:02:11 UTC) vs pinned ${PINNED}: 2 verdicts changed`,
        "",
        "- `cgroups/no-autopopulate` in `runsc-*-in-sandbox-cgroup-v2.bookworm.native.no-faker`: holds → does-not-hold (unexpected); " +
          "pinned: `mkdir k8s.io/x on cgroup2: 0 files appear`; head: `mkdir k8s.io/x on cgroup2: 6 files appear (cgroup.procs, memory.max, ...)`",
        "- `runc/enoent-without-files` in `runsc-*.bookworm.native.no-faker`: holds → does-not-hold (unexpected); " +
          "pinned: `5 of 5 runc runs failed with ENOENT on memory.max`; head: ``0 of 5 runc runs failed with ENOENT: runc `run` succeeded 5 times``",
        "",
        "Outcome changed, no verdict change (an error, a skip, or another expectation):",
        "",
        "- `faker/inotify-wins-race` in `runsc-*.bookworm.overlay-memory.faker-ts`: holds → error; " +
          "pinned: `20 of 20 trials: the faker won`; head: `the sandbox died during trial 3`",
        "",
        "Cells paired by shape (`*` = the build): 3 in both, 0 only in the pinned build, 0 only in the head; " +
          "4 (finding, cell) results unchanged. Run: `reports/2026-12-04T02-17-00Z/`.",
        "",
      ].join("\n"),
    );
  });

  test("no verdict changed: the headline says so", () => {
    const same = diffHeadAgainstPinned(results, PINNED, PINNED);
    expect(headDiffHeadline(same, INFO)).toMatch(/ vs pinned go20260905-160fafc42237: no verdict changed$/);
    expect(renderHeadDiff(same, INFO).split("\n")[0]).toMatch(/: no verdict changed$/);
  });

  test("one verdict: singular; nothing of both sides ran: nothing compared", () => {
    const one = {
      ...diff,
      changes: diff.changes.filter((c) => c.kind !== "verdict-changed" || c.findingId.startsWith("runc/")),
    };
    expect(headDiffHeadline(one, INFO)).toMatch(/: 1 verdict changed$/);
    const none = diffHeadAgainstPinned(results, PINNED, "go20270101-aaaaaaaaaaaa");
    expect(headDiffHeadline(none, INFO)).toMatch(/: nothing compared \(no cell of both ran\)$/);
  });

  test("summaries stay one line and cannot break out of their code span", () => {
    expect(mdCode("a `b` c")).toBe("``a `b` c``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(
      renderHeadNote(
        "gVisor head: the Go module proxy did not answer (x): the run checked the pinned builds only",
      ),
    ).toBe("gVisor head: the Go module proxy did not answer (x): the run checked the pinned builds only\n");
  });
});
