/**
 * The answer at the top of every report, derived from results.json alone: can Kubernetes run pods inside gVisor,
 * in which setup, and if not, what stops it and what unblocks it; then the log's claims in the situations a
 * reader asks about. Pure.
 */
import { claimLines, newestReleaseOf } from "./answer-claims.js";
import { appliesLine, podHeadline } from "./answer-headline.js";
import type { Answer } from "./answer-model.js";
import { podAnswers } from "./answer-pods.js";
import type { ResultsFile } from "./results-schema.js";

export type { Answer } from "./answer-model.js";

/** The answer of one run. */
export function answerOf(results: ResultsFile): Answer {
  const pods = podAnswers(results);
  return {
    headline: podHeadline(pods),
    applies: appliesLine(results),
    newestRelease: newestReleaseOf(results),
    pods,
    claims: claimLines(results),
  };
}
