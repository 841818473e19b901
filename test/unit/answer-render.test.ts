import { describe, expect, it } from "vitest";
import { answerOf } from "../../helpers/report/answer.js";
import { renderAnswerHtml } from "../../helpers/report/answer-html.js";
import { renderAnswerMarkdown } from "../../helpers/report/answer-markdown.js";
import { renderAnswerTerminal } from "../../helpers/report/answer-terminal.js";
import { wrapText } from "../../helpers/report/answer-wrap.js";
import { renderMatrixHtml } from "../../helpers/report/matrix-html.js";
import { renderMatrixMarkdown } from "../../helpers/report/matrix-markdown.js";
import { renderMatrixTerminal } from "../../helpers/report/matrix-terminal.js";
import { CELLS, GO, answerRun } from "./fixtures/answer-fixture.js";
import { fixtureCell, fixtureResult, fixtureResults } from "./fixtures/results-fixture.js";

const answer = answerOf(answerRun());

describe("renderAnswerTerminal", () => {
  const lines = renderAnswerTerminal(answer, { color: false, width: 120 });

  it("stays within 120 columns and uses no colour without it", () => {
    expect(lines.filter((l) => [...l].length > 120)).toEqual([]);
    expect(lines.join("\n")).not.toContain("\x1b[");
  });

  it("starts with the headline, wrapped, then the applies line", () => {
    expect(lines.slice(0, 7)).toEqual([
      "THE ANSWER",
      `Pods in gVisor: run in 5 of 14 measured cells (bookworm native: ${GO}, 20260520, 20240729; cgroup-v2`,
      `  bookworm native: ${GO}; cgroup-v2 bookworm overlay-memory: ${GO}), exec failing in`,
      "  1 of them; stopped in 9: at sandbox start: start-timeout (1); at kubelet: kubelet-exited (2); at pod sandbox (runc",
      "  cgroups): cgroup-procs-enoent (3), cgroup-procs-not-cgroup-file (3).",
      "This run: 52 findings x cells apply (6 findings in 16 cells): 52 measured; 6 more do not apply (no test). No docker exec",
      "  of a probe failed to run.",
    ]);
  });

  it("gives each cell one line, then the evidence and what unblocks it, wrapped", () => {
    const at = lines.indexOf(`  gVisor ${GO}`);
    expect(lines.slice(at, at + 9)).toEqual([
      `  gVisor ${GO}`,
      "    bookworm native                    runs: Running after 6 s, logs read, exec answers",
      "    bookworm overlay-memory            stopped at pod sandbox (runc cgroups): cgroup-procs-enoent",
      "      evidence: failed to write <PID>: open /sys/fs/cgroup/memory/k8s.io/<ID>/cgroup.procs: no such file or directory",
      "      what unblocks it: without the tmpfs over memory/k8s.io (cgroupSetup native): runs",
      `                          (${CELLS.go.id})`,
      "                        with cgroup v2 inside the sandbox (sandbox cgroup v2): runs",
      `                          (${CELLS.goV2Overlay.id})`,
      "    bookworm overlay-memory faker-ts   stopped at pod sandbox (runc cgroups): cgroup-procs-not-cgroup-file",
    ]);
    expect(lines).toContain("      what unblocks it: no measured cell runs it");
    expect(lines).toContain(
      "    bookworm native                    runs, but stopped at exec: Running after 5 s, logs read, exec fails",
    );
  });

  it("shows each distinct evidence once", () => {
    const enoent = lines.filter((l) => l.endsWith("cgroup.procs: no such file or directory"));
    expect(enoent).toHaveLength(1);
    expect(lines.filter((l) => l.includes("evidence: kubelet exited with status 1"))).toHaveLength(1);
  });

  it("cuts long evidence to one line", () => {
    const long = answerOf(answerRun());
    const cell = long.pods[0]?.cells[1];
    if (cell?.status.kind === "stopped") cell.status.evidence = "x".repeat(300);
    const cut = renderAnswerTerminal(long, { color: false, width: 120 }).find((l) => l.includes("evidence: xxx"));
    expect(cut).toHaveLength(120);
    expect(cut?.endsWith("…")).toBe(true);
  });

  it("draws the claims with glyphs at 120 columns and letters naming the cells", () => {
    const head = lines.findIndex((l) => l.startsWith("  finding"));
    expect(lines[head]).toMatch(/^ {2}finding\s+claim\s+log's situation {2}own cgroupfs {2}newest gVisor$/);
    expect(lines[head + 2]).toMatch(
      /^ {2}k3s\/pod-never-runs\s+A pod scheduled on the sandbox's node MUST N…\s+✓ \[b\]\s+✗ \[c\]\s+✓ \[b\]$/,
    );
    expect(lines[head + 6]).toMatch(/^ {2}runc\/enoent-without-files .*✗≠ \[b\]\s+—\s+✗≠ \[b\]$/);
    expect(lines.slice(head + 7)).toEqual([
      `  cells:  [a] ${CELLS.goTs.id}`,
      `          [b] ${CELLS.goOverlay.id}`,
      `          [c] ${CELLS.go.id}`,
    ]);
  });

  it("writes verdicts as words when the terminal is wide", () => {
    const wide = renderAnswerTerminal(answer, { color: false, width: 200 });
    expect(wide.find((l) => l.startsWith("  k3s/pod-never-runs"))).toMatch(
      /✓ holds \[b\]\s+✗ does-not-hold \[c\]/,
    );
  });

  it("colours a running pod green and a stopped one red when asked", () => {
    const coloured = renderAnswerTerminal(answer, { color: true }).join("\n");
    expect(coloured).toContain("\x1b[32m    bookworm native ");
    expect(coloured).toContain("\x1b[1;31m    bookworm overlay-memory ");
  });
});

describe("renderAnswerMarkdown", () => {
  const md = renderAnswerMarkdown(answer);

  it("is a section with the headline, the cells and the claims table", () => {
    expect(md[0]).toBe("## The answer");
    expect(md[2]).toMatch(/^\*\*Pods in gVisor:\*\* run in 5 of 14 measured cells/);
    expect(md).toContain(
      "- `bookworm overlay-memory`: **stopped at pod sandbox (runc cgroups): cgroup-procs-enoent** " +
        `(\`${CELLS.goOverlay.id}\`)`,
    );
    expect(md).toContain(
      "  - what unblocks it: without the tmpfs over memory/k8s.io (cgroupSetup native): runs " +
        `(\`${CELLS.go.id}\`)`,
    );
    expect(md).toContain(
      `| finding | claim | in the log's situation | on the sandbox's own cgroupfs | in the newest gVisor (${GO}) |`,
    );
    expect(md).toContain(
      "| `kernel/matches-runtime` | The sandbox's kernel MUST be the gVisor release its runtime declares. | " +
        `✓ holds<br>\`${CELLS.go.id}\` | ✓ holds<br>\`${CELLS.go.id}\` | ✓ holds<br>\`${CELLS.go.id}\` |`,
    );
    expect(md.find((l) => l.startsWith("| `faker/inotify-wins-race`"))).toContain(" | — | ");
  });

  it("keeps table rows intact when a claim has a pipe", () => {
    const cell = fixtureCell();
    const file = fixtureResults([cell], [fixtureResult("a/b", cell.id, { claim: "x | y MUST hold." })]);
    const row = renderAnswerMarkdown(answerOf(file)).find((l) => l.startsWith("| `a/b`"));
    expect(row).toContain("x \\| y MUST hold.");
    expect(row?.split(/(?<!\\)\|/).length).toBe(7);
  });
});

describe("renderAnswerHtml", () => {
  it("is one section whose every text is escaped", () => {
    const cell = fixtureCell();
    const evil = `"><img src=x onerror=alert(1)>`;
    const file = fixtureResults(
      [{ ...cell, blocked: `cell did not start (x): ${evil}` }],
      [fixtureResult("k3s/pod-never-runs", cell.id, { claim: evil, verdict: "blocked", summary: evil })],
    );
    const html = renderAnswerHtml(answerOf(file));
    expect(html.startsWith('<section class="answer" id="answer"><h2>The answer</h2>')).toBe(true);
    expect(html).not.toContain("<img");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("shows the pods and the claims with their cells", () => {
    const html = renderAnswerHtml(answer);
    expect(html).toContain('<span class="stopped">stopped at kubelet: kubelet-exited</span>');
    expect(html).toContain(`<td class="o-as-expected">✓ holds<br><code>${CELLS.goOverlay.id}</code></td>`);
    expect(html).toContain('<td class="o-unexpected">✗ does-not-hold ≠<br>');
  });
});

describe("the answer comes first in every report", () => {
  const file = answerRun();

  it("terminal: after the run's title, before the matrix", () => {
    const lines = renderMatrixTerminal(file, { color: false }).split("\n");
    expect(lines[2]).toBe("THE ANSWER");
    expect(lines.indexOf("THE ANSWER")).toBeLessThan(lines.indexOf("THE MATRIX"));
    expect(lines.findIndex((l) => l.startsWith("finding"))).toBeGreaterThan(lines.indexOf("THE MATRIX"));
  });

  it("Markdown: the first section", () => {
    const md = renderMatrixMarkdown(file);
    expect(md.split("\n").slice(0, 3)).toEqual([
      "# gVisor conformance run `2026-12-06T02-00-00Z`",
      "",
      "## The answer",
    ]);
    expect(md.indexOf("## The answer")).toBeLessThan(md.indexOf("## Run"));
    expect(md.indexOf("## Run")).toBeLessThan(md.indexOf("## Matrix"));
  });

  it("HTML: right under the title, with its styles, still one script", () => {
    const html = renderMatrixHtml(file);
    expect(html.indexOf('id="answer"')).toBeGreaterThan(html.indexOf("<h1>"));
    expect(html.indexOf('id="answer"')).toBeLessThan(html.indexOf('class="runinfo"'));
    expect(html).toContain("section.answer {");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe("wrapText", () => {
  it("wraps at spaces under an indent and splits what cannot fit", () => {
    expect(wrapText("aaa bbb ccc", 8, "> ", "  ")).toEqual(["> aaa", "  bbb", "  ccc"]);
    expect(wrapText("x".repeat(20), 12, "", "  ")).toEqual(["xxxxxxxxxx", "  xxxxxxxxxx"]);
  });
});
