/**
 * The answer as terminal text, readable at 120 columns: the headline and the applies line, then each release's
 * cells with where the pod got to (each distinct evidence once, cut to one line; what unblocks it wrapped), then
 * the log's claims.
 */
import { painter, type Paint } from "./ansi.js";
import { renderClaimsTerminal } from "./answer-terminal-claims.js";
import type { Answer, PodCellAnswer, PodGroup } from "./answer-model.js";
import { podStatusText, runsPartly, serviceEvidence, unblockText } from "./answer-words.js";
import { wrapText } from "./answer-wrap.js";
import { clip, stripControl } from "./text-format.js";

/** Terminal options: colour is the caller's decision (TTY, NO_COLOR); width defaults to 120. */
export interface AnswerTerminalOptions {
  color: boolean;
  width?: number;
}

const DETAIL = "      ";

/** How a cell is drawn; `seen` holds the evidence already shown (each distinct evidence is shown once). */
interface CellLayout {
  shapeWidth: number;
  width: number;
  paint: Paint;
  seen: Set<string>;
}

function cellLines(c: PodCellAnswer, { shapeWidth, width, paint, seen }: CellLayout): string[] {
  const status = podStatusText(c.status);
  const style = c.status.kind === "runs" ? (runsPartly(c.status) ? "yellow" : "green") : "red";
  const head = `    ${c.shape.padEnd(shapeWidth)}  `;
  const [first = "", ...more] = wrapText(status, width, head, " ".repeat(head.length));
  const lines = [paint(first, c.status.kind === "not-measured" ? "yellow" : style), ...more];
  if (c.status.kind === "stopped" && !seen.has(c.status.evidence)) {
    seen.add(c.status.evidence);
    lines.push(clip(`${DETAIL}evidence: ${stripControl(c.status.evidence)}`, width));
  }
  const service = serviceEvidence(c.status);
  if (service !== null && !seen.has(service)) {
    seen.add(service);
    lines.push(clip(`${DETAIL}Service evidence: ${stripControl(service)}`, width));
  }
  if (c.unblock === null) return lines;
  const label = `${DETAIL}what unblocks it: `;
  const items = c.unblock.length === 0 ? ["no measured cell runs it"] : c.unblock.map(unblockText);
  items.forEach((item, i) => {
    const lead = i === 0 ? label : " ".repeat(label.length);
    lines.push(...wrapText(item, width, lead, `${" ".repeat(label.length)}  `));
  });
  return lines;
}

function podLines(groups: readonly PodGroup[], width: number, paint: Paint): string[] {
  if (groups.length === 0) return [];
  const shapeWidth = Math.min(36, Math.max(...groups.flatMap((g) => g.cells.map((c) => c.shape.length))));
  const layout: CellLayout = { shapeWidth, width, paint, seen: new Set() };
  const out = [paint("Pods in gVisor, cell by cell (newest release first; each distinct evidence once):", "bold")];
  for (const g of groups) out.push(`  ${g.title}`, ...g.cells.flatMap((c) => cellLines(c, layout)));
  return out;
}

/** The answer's lines (no trailing newline), first in the terminal summary. */
export function renderAnswerTerminal(answer: Answer, options: AnswerTerminalOptions): string[] {
  const width = options.width ?? 120;
  const paint = painter(options.color);
  const [headFirst = "", ...headRest] = wrapText(answer.headline, width, "", "  ");
  return [
    paint("THE ANSWER", "bold"),
    paint(headFirst, "bold"),
    ...headRest.map((l) => paint(l, "bold")),
    ...wrapText(answer.applies, width, "", "  "),
    "",
    ...podLines(answer.pods, width, paint),
    ...(answer.pods.length > 0 ? [""] : []),
    ...renderClaimsTerminal(answer, width, paint),
  ];
}
