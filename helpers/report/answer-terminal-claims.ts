/**
 * The log's claims as a terminal table: one line per finding, the verdict in each situation with a letter that
 * names its cell in a legend below (cell ids are too long for three columns at 120 columns). Words when they
 * fit, glyphs otherwise; the claim is cut to the room left.
 */
import type { Paint } from "./ansi.js";
import { entryGlyph, UNEXPECTED_MARK } from "./entry-labels.js";
import { CLAIM_SITUATIONS, type Answer, type ClaimVerdict } from "./answer-model.js";
import { claimVerdictWord } from "./answer-words.js";
import { wrapText } from "./answer-wrap.js";
import { clip, stripControl } from "./text-format.js";

const GLYPHS = "✓ holds, ✗ does not hold, ■ blocked, ! error, ≠ unexpected, — not measured";
const HEADS = { log: "log's situation", own: "own cgroupfs", newest: "newest gVisor" } as const;
/** Verdicts are words only when the claim keeps this much room; else glyphs. */
const ROOM_FOR_WORDS = 40;
const MIN_CLAIM = 24;

/** `a`, `b`, ... `z`, `aa`, ... */
const letter = (i: number): string =>
  i < 26 ? String.fromCharCode(97 + i) : `${letter(Math.floor(i / 26) - 1)}${letter(i % 26)}`;

/** The cells the claims name, lettered in order of first use. */
function letterCells(answer: Answer): Map<string, string> {
  const tags = new Map<string, string>();
  for (const line of answer.claims)
    for (const s of CLAIM_SITUATIONS) {
      const v = line.verdicts[s];
      if (v !== null && !tags.has(v.cellId)) tags.set(v.cellId, letter(tags.size));
    }
  return tags;
}

function verdictCell(v: ClaimVerdict | null, tags: Map<string, string>, words: boolean): string {
  if (v === null) return "—";
  const mark = v.outcome === "unexpected" ? UNEXPECTED_MARK : "";
  const text = words ? claimVerdictWord(v) : `${entryGlyph(v)}${mark}`;
  return `${text} [${tags.get(v.cellId) ?? "?"}]`;
}

function legendLines(tags: Map<string, string>, width: number): string[] {
  const items = [...tags].map(([cellId, tag]) => `[${tag}] ${cellId}`);
  const lines: string[] = [];
  let line = "  cells:";
  for (const item of items) {
    if (line.length + 2 + item.length > width && line.trim() !== "cells:") {
      lines.push(line);
      line = "        ";
    }
    line = `${line}  ${item}`;
  }
  return [...lines, line];
}

/** The claims section's lines. */
export function renderClaimsTerminal(answer: Answer, width: number, paint: Paint): string[] {
  if (answer.claims.length === 0) return [];
  const tags = letterCells(answer);
  const idWidth = Math.max(7, ...answer.claims.map((c) => c.findingId.length));
  const layout = (words: boolean) => {
    const cells = answer.claims.map((c) => CLAIM_SITUATIONS.map((s) => verdictCell(c.verdicts[s], tags, words)));
    const widths = CLAIM_SITUATIONS.map((s, j) =>
      Math.max(HEADS[s].length, ...cells.map((row) => row[j]?.length ?? 0)),
    );
    const claimWidth = width - 2 - idWidth - 2 - widths.reduce((sum, w) => sum + w + 2, 0);
    return { cells, widths, claimWidth };
  };
  const wordy = layout(true);
  const { cells, widths, claimWidth: room } = wordy.claimWidth >= ROOM_FOR_WORDS ? wordy : layout(false);
  const claimWidth = Math.max(MIN_CLAIM, room);
  const row = (id: string, claim: string, vs: readonly string[]): string =>
    `  ${id.padEnd(idWidth)}  ${claim.padEnd(claimWidth)}  ${vs.map((v, j) => v.padEnd(widths[j] ?? 0)).join("  ")}`.trimEnd();
  const intro =
    "The log's claims: the verdict in the log's own situation, on the sandbox's own cgroupfs (native, no faker) " +
    `and in the newest gVisor (${answer.newestRelease ?? "none ran"}); ${GLYPHS}:`;
  return [
    ...wrapText(intro, width, "", "  ").map((l) => paint(l, "bold")),
    paint(
      row(
        "finding",
        "claim",
        CLAIM_SITUATIONS.map((s) => HEADS[s]),
      ),
      "dim",
    ),
    ...answer.claims.map((c, i) => {
      const text = row(c.findingId, clip(stripControl(c.claim), claimWidth), cells[i] ?? []);
      const unexpected = CLAIM_SITUATIONS.some((s) => c.verdicts[s]?.outcome === "unexpected");
      return unexpected ? paint(text, "red") : text;
    }),
    ...legendLines(tags, width),
  ];
}
