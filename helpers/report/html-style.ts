/** The stylesheet of the HTML matrix, inlined into the page (no external URL). */
export const MATRIX_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg-soft: #f6f8fa;
  --ok-bg: #dafbe1; --ok-fg: #116329; --bad-bg: #cf222e; --bad-fg: #fff; --err-bg: #fff1c2; --err-fg: #7d4e00;
  --skip-bg: #eef1f4; --skip-fg: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 60px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
h1 { font-size: 22px; margin: 0 0 6px; } h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 4px; } h5 { font-size: 13px; margin: 0 0 6px; }
a { color: #0969da; }
.runinfo { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 14px; margin: 8px 0; max-width: 1100px; }
.runinfo dt { color: var(--muted); } .runinfo dd { margin: 0; }
.counts span { display: inline-block; padding: 2px 10px; margin: 4px 6px 0 0; border-radius: 12px; font-weight: 600; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
table.cells td, table.cells th { font-size: 12.5px; white-space: nowrap; }
table.cells td:nth-child(6) { white-space: normal; }
table.matrix { margin-top: 8px; }
table.matrix thead th { position: sticky; top: 0; z-index: 2; text-align: center; vertical-align: bottom; min-width: 64px; max-width: 120px; box-shadow: 0 1px 0 var(--line); }
table.matrix thead th.finding { text-align: left; min-width: 220px; }
th .num { display: block; font-size: 15px; } th .lbl { display: block; font-weight: 400; font-size: 11px; color: var(--muted); line-height: 1.25; }
td.finding { max-width: 380px; } td.finding a { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; font-weight: 600; text-decoration: none; color: var(--fg); }
td.finding .claim { display: block; font-size: 12px; color: var(--muted); }
td.entry { padding: 0; text-align: center; vertical-align: middle; }
td.entry a { display: block; padding: 5px 4px; color: inherit; text-decoration: none; min-height: 100%; }
td.entry a:hover { outline: 2px solid #0969da; outline-offset: -2px; }
.g { font-size: 15px; font-weight: 700; } .w { display: block; font-size: 11.5px; }
.x { display: block; font-size: 10.5px; font-weight: 700; line-height: 1.2; }
.o-as-expected { background: var(--ok-bg); color: var(--ok-fg); }
.o-unexpected { background: var(--bad-bg); color: var(--bad-fg); }
.o-error { background: var(--err-bg); color: var(--err-fg); }
.o-skipped { background: var(--skip-bg); color: var(--skip-fg); }
.o-not-run { background: #fff; color: #8c959f; }
.o-not-applicable { background: #fff; color: #8c959f; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; font-size: 12.5px; }
.legend .mono { font-size: 15px; padding-right: 2px; }
.legend .sw { display: inline-block; min-width: 22px; padding: 1px 6px; border-radius: 4px; text-align: center; font-weight: 700; border: 1px solid var(--line); }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; }
figcaption { font-size: 12.5px; margin-bottom: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.chart text { fill: #1f2328; } svg.chart .axis { stroke: #8c959f; } svg.chart .val { font-size: 10px; }
svg.chart .series { fill: none; stroke: #0969da; stroke-width: 2; } svg.chart .mark { stroke: #cf222e; stroke-dasharray: 4 3; }
svg.chart .mark-label { fill: #cf222e; font-size: 10px; }
article.finding { margin-bottom: 18px; }
article.finding .claim { margin: 0 0 2px; } article.finding .src { margin: 0 0 6px; color: var(--muted); font-size: 12.5px; }
details { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; }
details > summary { cursor: pointer; padding: 5px 10px; list-style-position: inside; }
details > summary .tag { display: inline-block; min-width: 132px; padding: 0 6px; border-radius: 4px; font-weight: 600; }
details[open] > summary { border-bottom: 1px solid var(--line); background: var(--bg-soft); }
details .body { padding: 8px 12px 12px; }
details:target { box-shadow: 0 0 0 3px #54aeff66; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 10px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
section.ev { border-top: 1px dashed var(--line); padding-top: 8px; margin-top: 8px; }
.kind { font-weight: 400; font-size: 11px; color: var(--muted); border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; }
pre { margin: 2px 0 6px; padding: 6px 8px; background: var(--bg-soft); border: 1px solid var(--line); border-radius: 4px; white-space: pre-wrap; word-break: break-all; max-height: 360px; overflow: auto; }
pre.cmd { background: #0d1117; color: #e6edf3; border-color: #0d1117; }
pre.stderr { background: #fff8f8; }
.out-label { font-size: 11.5px; color: var(--muted); }
.meta { margin: 2px 0 6px; font-size: 12.5px; color: var(--muted); }
.exit.ok { color: var(--ok-fg); } .exit.bad { color: var(--bad-bg); }
.trunc { margin: 0 0 6px; font-size: 11.5px; color: var(--err-fg); font-style: italic; }
table.entries td, table.entries th, table.kv td, table.kv th { font-size: 12px; padding: 2px 8px; }
.stats { margin-bottom: 6px; }
.toolbar button { font: inherit; font-size: 12.5px; padding: 2px 10px; margin-right: 6px; cursor: pointer; }
ul.notes li { margin: 2px 0; }
`;
