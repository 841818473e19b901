/**
 * Which verdict a repro is asked for, checked against the run that recorded it: the finding, the cell, and why
 * a pair cannot be reproduced (one line each, for the CLI's exit 2 and the HTML matrix). Pure.
 */
import { CGROUP_SETUPS, FAKER_MODES, IMAGE_SUITES } from "../env/cell.js";
import type { Finding } from "../finding/finding.js";
import type { CellInfo, FindingResult, ResultsFile, RunInfo } from "../report/results-schema.js";
import { ALL_FINDINGS } from "../../suites/catalog.js";

/** A repro that cannot be written: the CLI prints the message (one line) and exits 2. */
export class ReproRequestError extends Error {}

export interface ReproTarget {
  run: RunInfo;
  finding: Finding;
  cell: CellInfo;
  result: FindingResult & { verdict: NonNullable<FindingResult["verdict"]> };
}

const fakerWords = FAKER_MODES.map((f) => (f === "none" ? "no-faker" : `faker-${f}`));
const CELL_ID = new RegExp(
  `^(runc|runsc-(?:go)?\\d{8}[\\w-]*)\\.(${IMAGE_SUITES.join("|")})\\.(${CGROUP_SETUPS.join("|")})\\.(${fakerWords.join("|")})$`,
);

export function isCellId(text: string): boolean {
  return CELL_ID.test(text);
}

/** Why this result has no repro (null: it has one); the same words the CLI refuses with. */
export function whyNoRepro(result: FindingResult, cell: CellInfo | undefined): string | null {
  if (result.outcome === "not-applicable")
    return `${result.findingId} does not apply to ${result.cellId} (${result.reason ?? "no reason recorded"})`;
  if (result.outcome === "skipped")
    return `${result.findingId} was not measured in ${result.cellId} (the run skipped it: ${result.reason ?? "no reason recorded"})`;
  if (result.verdict === null)
    return `the run recorded no verdict for ${result.findingId} in ${result.cellId} (outcome ${result.outcome}): nothing to reproduce`;
  if ((cell?.dimensions.runtime ?? (result.cellId.startsWith("runc.") ? "runc" : "runsc")) === "runc")
    return `${result.cellId} is the runc baseline: repro.sh runs the sandbox with runsc, so it reproduces runsc cells only`;
  const onHost = ALL_FINDINGS.find((f) => f.id === result.findingId)?.probeOnHost;
  if (onHost) return `${result.findingId}'s probe ${onHost}`;
  return null;
}

/** `npm run repro -- <finding> <cell> --from reports/<run>/results.json`: the command the HTML matrix shows. */
export function reproCommand(runId: string, findingId: string, cellId: string): string {
  return `npm run repro -- ${findingId} ${cellId} --from reports/${runId}/results.json`;
}

export function resolveTarget(
  results: ResultsFile,
  findingId: string,
  cellId: string,
  findings: readonly Finding[],
): ReproTarget {
  const run = results.run;
  const finding = findings.find((f) => f.id === findingId);
  if (!finding)
    throw new ReproRequestError(`unknown finding ${findingId}; findings: ${findings.map((f) => f.id).join(", ")}`);
  if (!isCellId(cellId))
    throw new ReproRequestError(
      `${cellId} is not a cell id (<runtime>.<image>.<cgroup setup>.<faker>, e.g. runsc-20240729.bookworm.native.no-faker)`,
    );
  const cell = run.cells.find((c) => c.id === cellId);
  if (!cell)
    throw new ReproRequestError(
      `run ${run.id} has no cell ${cellId}; its cells: ${run.cells.map((c) => c.id).join(", ")}`,
    );
  const result = results.results.find((r) => r.findingId === findingId && r.cellId === cellId);
  if (!result) throw new ReproRequestError(`run ${run.id} did not run ${findingId} in ${cellId}`);
  const refusal = whyNoRepro(result, cell);
  if (refusal) throw new ReproRequestError(refusal);
  return { run, finding, cell, result: result as ReproTarget["result"] };
}
