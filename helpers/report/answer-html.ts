/** The answer as an HTML fragment, first in matrix.html: every text escaped (html-escape.ts). */
import { esc } from "./html-escape.js";
import {
  CLAIM_SITUATIONS,
  type Answer,
  type ClaimVerdict,
  type PodCellAnswer,
  type PodGroup,
} from "./answer-model.js";
import { claimVerdictWord, podStatusText, runsPartly, serviceEvidence, situationHeading } from "./answer-words.js";

/** The answer's own styles, added to the page's stylesheet. */
export const ANSWER_CSS = `
section.answer { margin: 12px 0 20px; padding: 10px 16px 14px; border: 2px solid var(--line); border-radius: 8px; background: var(--bg-soft); max-width: 1200px; }
section.answer h2 { margin-top: 4px; } section.answer p.headline { font-size: 15px; font-weight: 600; margin: 4px 0; }
section.answer ul.pods { list-style: none; padding-left: 12px; margin: 4px 0 10px; } section.answer ul.pods li { margin: 3px 0; }
section.answer .shape { display: inline-block; min-width: 260px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
section.answer .runs { color: var(--ok-fg); font-weight: 600; } section.answer .stopped { color: var(--bad-bg); font-weight: 600; }
section.answer .partial, section.answer .unmeasured { color: var(--err-fg); font-weight: 600; }
section.answer .detail { display: block; margin-left: 272px; font-size: 12.5px; color: var(--muted); }
table.claims td, table.claims th { font-size: 12.5px; } table.claims td.claim { max-width: 420px; }
`;

function statusClass(c: PodCellAnswer): string {
  if (c.status.kind === "runs") return runsPartly(c.status) ? "partial" : "runs";
  return c.status.kind === "stopped" ? "stopped" : "unmeasured";
}

function cellItem(c: PodCellAnswer): string {
  const details: string[] = [];
  if (c.status.kind === "stopped") details.push(`evidence: <code>${esc(c.status.evidence)}</code>`);
  const service = serviceEvidence(c.status);
  if (service !== null) details.push(`Service evidence: <code>${esc(service)}</code>`);
  if (c.unblock !== null && c.unblock.length === 0) details.push("what unblocks it: no measured cell runs it");
  for (const u of c.unblock ?? [])
    details.push(
      `what unblocks it: ${esc(u.change)}: <span class="runs">runs</span> (<code>${esc(u.cellId)}</code>)`,
    );
  return (
    `<li><span class="shape" title="${esc(c.cellId)}">${esc(c.shape)}</span> ` +
    `<span class="${statusClass(c)}">${esc(podStatusText(c.status))}</span>` +
    details.map((d) => `<span class="detail">${d}</span>`).join("") +
    "</li>"
  );
}

function podSection(groups: readonly PodGroup[]): string {
  if (groups.length === 0) return "";
  const parts = groups.map(
    (g) => `<h4>${esc(g.title)}</h4><ul class="pods">${g.cells.map(cellItem).join("")}</ul>`,
  );
  return `<h3>Pods in gVisor, cell by cell</h3>${parts.join("")}`;
}

function verdictCell(v: ClaimVerdict | null): string {
  if (v === null) return `<td class="o-not-run">—</td>`;
  return `<td class="o-${esc(v.outcome)}">${esc(claimVerdictWord(v))}<br><code>${esc(v.cellId)}</code></td>`;
}

function claimsSection(answer: Answer): string {
  if (answer.claims.length === 0) return "";
  const heads = CLAIM_SITUATIONS.map((s) => `<th>${esc(situationHeading(s, answer.newestRelease))}</th>`).join("");
  const rows = answer.claims.map(
    (c) =>
      `<tr><td><code>${esc(c.findingId)}</code></td><td class="claim">${esc(c.claim)}</td>` +
      `${CLAIM_SITUATIONS.map((s) => verdictCell(c.verdicts[s])).join("")}</tr>`,
  );
  return (
    `<h3>The log's claims</h3><table class="claims"><thead><tr><th>finding</th><th>claim</th>${heads}</tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}

/** The answer as one `<section class="answer">`. */
export function renderAnswerHtml(answer: Answer): string {
  return (
    `<section class="answer" id="answer"><h2>The answer</h2>` +
    `<p class="headline">${esc(answer.headline)}</p><p>${esc(answer.applies)}</p>` +
    `${podSection(answer.pods)}${claimsSection(answer)}</section>`
  );
}
