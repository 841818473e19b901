/**
 * How the answer changed between two runs: both answers as keyed lines (the headline, one per pod cell, one per
 * claim), compared line by line. What varies from run to run without meaning (seconds to Running, evidence
 * text) is left out of the lines. Pure.
 */
import { answerOf } from "./answer.js";
import { CLAIM_SITUATIONS, type Answer } from "./answer-model.js";
import { claimVerdictText, podStatusGist, unblocksText } from "./answer-words.js";
import type { DiffOptions } from "./results-diff.js";
import type { ResultsFile } from "./results-schema.js";

export const ANSWER_SECTIONS = ["headline", "pods", "claims"] as const;
export type AnswerSection = (typeof ANSWER_SECTIONS)[number];

/** One line of an answer, with the key it is compared under. */
export interface AnswerLine {
  key: string;
  section: AnswerSection;
  text: string;
}

/** A line that differs (null: only on the other side). */
export interface AnswerChange {
  key: string;
  section: AnswerSection;
  before: string | null;
  after: string | null;
}

export interface AnswerDiff {
  changes: AnswerChange[];
  /** Lines the same on both sides. */
  unchanged: number;
}

const SHORT = { log: "log's situation", own: "own cgroupfs", newest: "newest gVisor" } as const;

/** The answer as keyed lines, in reading order. */
export function answerLines(answer: Answer): AnswerLine[] {
  const lines: AnswerLine[] = [
    { key: "headline", section: "headline", text: answer.headline },
    { key: "applies", section: "headline", text: answer.applies },
  ];
  for (const c of answer.pods.flatMap((g) => g.cells)) {
    const unblock = c.unblock === null ? "" : `; ${unblocksText(c.unblock)}`;
    lines.push({
      key: `pod ${c.cellId}`,
      section: "pods",
      text: `${c.cellId}: ${podStatusGist(c.status)}${unblock}`,
    });
  }
  for (const c of answer.claims) {
    const verdicts = CLAIM_SITUATIONS.map((s) => `${SHORT[s]} ${claimVerdictText(c.verdicts[s])}`).join("; ");
    lines.push({ key: `claim ${c.findingId}`, section: "claims", text: `${c.findingId}: ${verdicts}` });
  }
  return lines;
}

/** One side of the diff: only its release's cells when asked, the release written `*` when cells pair by shape. */
function sideLines(file: ResultsFile, release: string | undefined, byShape: boolean): AnswerLine[] {
  const kept =
    release === undefined
      ? file
      : {
          ...file,
          run: { ...file.run, cells: file.run.cells.filter((c) => c.dimensions.release === release) },
          results: file.results.filter((r) =>
            file.run.cells.some((c) => c.id === r.cellId && c.dimensions.release === release),
          ),
        };
  const lines = answerLines(answerOf(kept));
  const releases = new Set(
    kept.run.cells.filter((c) => c.dimensions.runtime === "runsc").map((c) => c.dimensions.release),
  );
  const only = releases.size === 1 ? [...releases][0] : undefined;
  if (!byShape || only === undefined || only === "") return lines;
  const star = (s: string): string => s.split(only).join("*");
  return lines.map((l) => ({ ...l, key: star(l.key), text: star(l.text) }));
}

/** The lines of two answers that differ, headline first, then pods, then claims. */
export function diffAnswerLines(before: readonly AnswerLine[], after: readonly AnswerLine[]): AnswerDiff {
  const a = new Map(before.map((l) => [l.key, l]));
  const b = new Map(after.map((l) => [l.key, l]));
  const keys = [...new Set([...after.map((l) => l.key), ...before.map((l) => l.key)])];
  const section = (k: string): AnswerSection => (b.get(k) ?? a.get(k))?.section ?? "claims";
  keys.sort((p, q) => ANSWER_SECTIONS.indexOf(section(p)) - ANSWER_SECTIONS.indexOf(section(q)));
  const changes: AnswerChange[] = [];
  let unchanged = 0;
  for (const key of keys) {
    const x = a.get(key)?.text ?? null;
    const y = b.get(key)?.text ?? null;
    if (x === y) unchanged++;
    else changes.push({ key, section: section(key), before: x, after: y });
  }
  return { changes, unchanged };
}

/** How the answer changed from `before` to `after`, pairing cells as the verdict diff does. */
export function diffAnswers(before: ResultsFile, after: ResultsFile, options: DiffOptions = {}): AnswerDiff {
  const byShape = (options.matchCellsBy ?? "id") === "dimensions-except-release";
  return diffAnswerLines(
    sideLines(before, options.beforeRelease, byShape),
    sideLines(after, options.afterRelease, byShape),
  );
}
