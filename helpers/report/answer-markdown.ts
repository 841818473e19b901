/** The answer as Markdown, first in matrix.md: the headline, each release's cells, then the log's claims as a table. */
import {
  CLAIM_SITUATIONS,
  type Answer,
  type ClaimVerdict,
  type PodCellAnswer,
  type PodGroup,
} from "./answer-model.js";
import { claimVerdictWord, podStatusText, serviceEvidence, situationHeading } from "./answer-words.js";
import { stripControl } from "./text-format.js";

/** Text on one line, safe inside a table cell (no pipes, no line breaks). */
function mdText(text: string): string {
  return stripControl(text.replace(/\r?\n/g, " ")).replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
}

/** Inline code no backtick in the text can close (pipes escaped for tables). */
export function mdInlineCode(text: string): string {
  const one = stripControl(text.replace(/\r?\n/g, " "));
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = one.startsWith("`") || one.endsWith("`") ? " " : "";
  return `${fence}${pad}${one.replace(/\|/g, "\\|")}${pad}${fence}`;
}

function cellItems(c: PodCellAnswer): string[] {
  const status = mdText(podStatusText(c.status));
  const shown = c.status.kind === "runs" ? status : `**${status}**`;
  const out = [`- ${mdInlineCode(c.shape)}: ${shown} (${mdInlineCode(c.cellId)})`];
  if (c.status.kind === "stopped") out.push(`  - evidence: ${mdInlineCode(c.status.evidence)}`);
  const service = serviceEvidence(c.status);
  if (service !== null) out.push(`  - Service evidence: ${mdInlineCode(service)}`);
  if (c.unblock === null) return out;
  if (c.unblock.length === 0) out.push("  - what unblocks it: no measured cell runs it");
  for (const u of c.unblock)
    out.push(`  - what unblocks it: ${mdText(u.change)}: runs (${mdInlineCode(u.cellId)})`);
  return out;
}

function podSection(groups: readonly PodGroup[]): string[] {
  if (groups.length === 0) return [];
  const out = ["### Pods in gVisor, cell by cell", ""];
  for (const g of groups) out.push(`**${mdText(g.title)}**`, "", ...g.cells.flatMap(cellItems), "");
  return out;
}

const verdictCell = (v: ClaimVerdict | null): string =>
  v === null ? "—" : `${mdText(claimVerdictWord(v))}<br>${mdInlineCode(v.cellId)}`;

function claimsSection(answer: Answer): string[] {
  if (answer.claims.length === 0) return [];
  const heads = CLAIM_SITUATIONS.map((s) => mdText(situationHeading(s, answer.newestRelease)));
  return [
    "### The log's claims",
    "",
    `| finding | claim | ${heads.join(" | ")} |`,
    `|:--|:--|${CLAIM_SITUATIONS.map(() => ":--").join("|")}|`,
    ...answer.claims.map(
      (c) =>
        `| ${mdInlineCode(c.findingId)} | ${mdText(c.claim)} | ${CLAIM_SITUATIONS.map((s) => verdictCell(c.verdicts[s])).join(" | ")} |`,
    ),
    "",
    "The log's situation: its tmpfs over memory/k8s.io without a faker, or with its faker for findings measured only " +
      "with one; else the sandbox's own cgroupfs. Each verdict is from the newest release that measured it there. " +
      "— = not measured there.",
  ];
}

/** The answer's Markdown lines, a `## The answer` section. */
export function renderAnswerMarkdown(answer: Answer): string[] {
  const headline = mdText(answer.headline).replace(/^Pods in gVisor:/, "**Pods in gVisor:**");
  return [
    "## The answer",
    "",
    headline,
    "",
    mdText(answer.applies),
    "",
    ...podSection(answer.pods),
    ...claimsSection(answer),
  ];
}
