/** The regression signal, readable at once: finding, cell, expected, observed, matching rule, evidence. */
import { AssertionError } from "node:assert";
import { describeExpected, describeRule } from "../report/entry-labels.js";
import { evidenceExcerpt } from "../report/evidence-excerpt.js";
import type { FindingResult } from "../report/results-schema.js";

export function unexpectedMessage(result: FindingResult): string {
  return [
    `UNEXPECTED ${result.findingId} in ${result.cellId}`,
    `  claim:    ${result.claim}`,
    `  expected: ${describeExpected(result.expected)}   (${describeRule(result.rule)})`,
    `  observed: ${result.verdict ?? "no verdict"}`,
    `  summary:  ${result.summary}`,
    ...evidenceExcerpt(result, 6).map((line, i) => `  ${i === 0 ? "evidence:" : "         "} ${line}`),
  ].join("\n");
}

/**
 * Thrown by checkFinding when the observed verdict is not among the expected ones. An assertion error, so that
 * reporters (Allure: "failed") tell the regression signal from an infrastructure error ("broken").
 */
export class UnexpectedVerdictError extends AssertionError {
  constructor(result: FindingResult) {
    super({ message: unexpectedMessage(result) });
  }
}
