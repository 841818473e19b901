import { describe, expect, it } from "vitest";
import { answerOf } from "../../helpers/report/answer.js";
import { answerLines, diffAnswers } from "../../helpers/report/answer-diff.js";
import { renderAnswerDiffTerminal } from "../../helpers/report/answer-diff-render.js";
import { diffResults } from "../../helpers/report/results-diff.js";
import { renderDiffMarkdown, renderDiffTerminal } from "../../helpers/report/results-diff-render.js";
import { CELLS, GO, answerRun, podRuns, withPodResults } from "./fixtures/answer-fixture.js";

const before = answerRun();
/** The next night: gVisor's newest build runs the pod on the log's tmpfs over memory/k8s.io. */
const after = withPodResults(answerRun(), CELLS.goOverlay, podRuns(CELLS.goOverlay, 9, true));

describe("answerLines", () => {
  it("keys the headline, each pod cell and each claim", () => {
    const lines = answerLines(answerOf(before));
    expect(lines.map((l) => l.key).slice(0, 3)).toEqual(["headline", "applies", `pod ${CELLS.go.id}`]);
    expect(lines.find((l) => l.key === `pod ${CELLS.goTs.id}`)?.text).toBe(
      `${CELLS.goTs.id}: stopped at pod sandbox (runc cgroups): cgroup-procs-not-cgroup-file; ` +
        "what unblocks it: no measured cell runs it",
    );
    expect(lines.find((l) => l.key === "claim k3s/pod-never-runs")?.text).toBe(
      `k3s/pod-never-runs: log's situation ✓ holds (${CELLS.goOverlay.id}); own cgroupfs ✗ does-not-hold ` +
        `(${CELLS.go.id}); newest gVisor ✓ holds (${CELLS.goOverlay.id})`,
    );
  });
});

describe("diffAnswers", () => {
  it("finds nothing between a run and itself, nor in seconds to Running", () => {
    expect(diffAnswers(before, before).changes).toEqual([]);
    const slower = withPodResults(answerRun(), CELLS.go, podRuns(CELLS.go, 60, true));
    expect(diffAnswers(before, slower).changes).toEqual([]);
  });

  it("lists the changed lines, headline first, then pods, then claims", () => {
    const diff = diffAnswers(before, after);
    expect(diff.changes.map((c) => c.key)).toEqual([
      "headline",
      `pod ${CELLS.goOverlay.id}`,
      `pod ${CELLS.goTs.id}`,
      `pod ${CELLS.c2026Overlay.id}`,
      `pod ${CELLS.c2024Overlay.id}`,
      `pod ${CELLS.oldOverlay.id}`,
      "claim k3s/pod-never-runs",
      "claim k3s/pod-sandbox-fails",
    ]);
    const pod = diff.changes[1];
    expect(pod?.before).toMatch(
      /: stopped at pod sandbox \(runc cgroups\): cgroup-procs-enoent; what unblocks it: /,
    );
    expect(pod?.after).toBe(`${CELLS.goOverlay.id}: runs: Running, logs read, exec answers`);
    expect(diff.changes[2]?.after).toContain("what unblocks it: without the inotify faker (faker none): runs");
    // Where nothing ran it, the newest build's tmpfs cell now does: one release away.
    expect(diff.changes[5]?.after).toBe(
      `${CELLS.oldOverlay.id}: stopped at kubelet: kubelet-exited; what unblocks it: in gVisor ${GO} (newer release): ` +
        `runs (${CELLS.goOverlay.id})`,
    );
    expect(diff.changes[6]?.after).toMatch(/^k3s\/pod-never-runs: log's situation ✗ does-not-hold /);
    expect(diff.unchanged).toBe(answerLines(answerOf(before)).length - 8);
  });

  it("compares two releases of one run shape by shape, the release written *", () => {
    const diff = diffAnswers(before, before, {
      matchCellsBy: "dimensions-except-release",
      beforeRelease: "20240729",
      afterRelease: "20260520",
    });
    expect(diff.changes.map((c) => c.key)).toEqual([
      "headline",
      "applies",
      "pod runsc-*.bookworm.native.no-faker",
    ]);
    expect(diff.changes[2]).toMatchObject({
      before: "runsc-*.bookworm.native.no-faker: runs, but stopped at exec: Running, logs read, exec fails",
      after: "runsc-*.bookworm.native.no-faker: runs: Running, logs read, exec answers",
    });
  });
});

describe("the diff shows the answer's changes first", () => {
  const verdicts = diffResults(before, after);
  const answer = diffAnswers(before, after);

  it("terminal: the changed lines before the runs and the verdicts, wrapped at 120 columns", () => {
    const lines = renderDiffTerminal(verdicts, { color: false, answer }).split("\n");
    expect(lines[0]).toBe(`the answer: 8 of ${answer.changes.length + answer.unchanged} lines changed`);
    expect(lines[1]).toMatch(/^ {2}- Pods in gVisor: run in 5 of 14 measured cells/);
    expect(lines.findIndex((l) => l.startsWith("  + Pods in gVisor: run in 6 of 14"))).toBeGreaterThan(1);
    expect(lines).toContain(`  + ${CELLS.goOverlay.id}: runs: Running, logs read, exec answers`);
    const runs = lines.findIndex((l) => l.startsWith("before: "));
    expect(runs).toBeGreaterThan(
      lines.indexOf(`  + ${CELLS.goOverlay.id}: runs: Running, logs read, exec answers`),
    );
    expect(lines.findIndex((l) => l.startsWith("k3s/pod-never-runs  "))).toBeGreaterThan(runs);
    expect(lines.slice(0, runs).filter((l) => [...l].length > 120)).toEqual([]);
  });

  it("says so when the answer did not change", () => {
    const same = diffAnswers(before, before);
    expect(renderAnswerDiffTerminal(same, { color: false })).toEqual([
      `the answer: unchanged (${same.unchanged} lines)`,
    ]);
  });

  it("Markdown: a diff block under the title, then the verdicts", () => {
    const md = renderDiffMarkdown(verdicts, answer);
    expect(md.indexOf("## The answer")).toBeLessThan(md.indexOf("| | run | started | runsc |"));
    expect(md).toContain("```diff\n- Pods in gVisor: run in 5 of 14");
    expect(md).toContain(`\n+ ${CELLS.goOverlay.id}: runs: Running, logs read, exec answers\n`);
    expect(md.indexOf("```diff")).toBeLessThan(md.indexOf("## Verdicts"));
  });
});
