import { describe, expect, it } from "vitest";
import { renderMatrixHtml } from "../../helpers/report/matrix-html.js";
import {
  execEvidence,
  fixtureCell,
  fixtureResult,
  fixtureResults,
  sampleResults,
} from "./fixtures/results-fixture.js";

describe("renderMatrixHtml", () => {
  const html = renderMatrixHtml(sampleResults());

  it("is one self-contained document (no external URL)", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<link\b/);
    expect(html).toContain("<style>");
  });

  it("escapes evidence: a <script> in command output appears as text", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("escapes every text field, not only outputs", () => {
    const cell = fixtureCell();
    const evil = `"><img src=x onerror=alert(1)>`;
    const r = fixtureResult("a/b", cell.id, {
      claim: evil,
      summary: evil,
      evidence: [{ label: evil, kind: "text", text: evil }, execEvidence([evil], 1, evil, evil)],
    });
    const page = renderMatrixHtml(fixtureResults([cell], [r], { notes: [evil], id: evil }));
    expect(page).not.toContain("<img");
    expect(page).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("draws an SVG chart for metrics, both in the evidence and in the Charts section", () => {
    expect(html).toContain('<h2 id="charts">Charts</h2>');
    const charts = html.slice(html.indexOf('id="charts"'), html.indexOf('id="evidence"'));
    expect(charts).toContain("<svg");
    expect(charts).toContain("exec latency");
    expect(html).toContain('aria-label="exec latency: sorted values (ms)"');
    expect(html).toContain('aria-label="counts out of 20 trials"');
  });

  it("links each entry to its evidence and opens unexpected ones", () => {
    expect(html).toMatch(/<td class="entry o-unexpected"><a href="#e-0-0"/);
    expect(html).toMatch(/<details id="e-0-0" open>/);
    expect(html).toMatch(/<details id="e-1-0">/);
    expect(renderMatrixHtml(sampleResults(), { expandAll: true })).toMatch(/<details id="e-1-0" open>/);
  });

  it("shows glyph and word, not only colour, and the expectation rule", () => {
    expect(html).toContain('<span class="g">✗</span><span class="w">does-not-hold</span>');
    expect(html).toContain("rules[0]: when {runtime: runc} because runc is not a sandbox");
  });

  it("truncates long output with a note", () => {
    const cell = fixtureCell();
    const r = fixtureResult("a/b", cell.id, { evidence: [execEvidence(["yes"], 0, "y\n".repeat(5000))] });
    expect(renderMatrixHtml(fixtureResults([cell], [r]))).toContain(
      "truncated: showing the first 4096 of 10000 characters",
    );
  });

  it("shows each entry's repro command, or why it has none", () => {
    const run = sampleResults().run.id;
    const gv = fixtureCell();
    expect(html).toContain(
      `<dt>repro</dt><dd><code class="repro">npm run repro -- kernel/sandbox-is-gvisor ${gv.id} --from reports/${run}/results.json</code></dd>`,
    );
    expect(html).toMatch(
      /<dt>repro<\/dt><dd><i>runc\.bookworm\.native\.no-faker is the runc baseline: repro\.sh runs the sandbox with runsc/,
    );
    expect(html).toMatch(/<dt>repro<\/dt><dd><i>the run recorded no verdict for cgroup\/memory-max-writable/);
  });
});
