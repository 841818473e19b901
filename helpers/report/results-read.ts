/** Reads a `results.json` back, refusing (with the file named) anything this harness cannot interpret. */
import { readFile } from "node:fs/promises";
import { UNKNOWN_FACTS } from "../env/cell.js";
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from "./results-schema.js";

/** A results file that could not be read; the message names the file and what is wrong with it. */
export class ResultsReadError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = "ResultsReadError";
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks the shape a results file must have for the reports: schema version, run, cells and results arrays. */
export function parseResultsJson(text: string, path: string): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultsReadError(path, `not JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) throw new ResultsReadError(path, "not a results file (top level is not an object)");
  if (data.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    const found =
      data.schemaVersion === undefined
        ? "no schemaVersion"
        : `schemaVersion ${JSON.stringify(data.schemaVersion)}`;
    throw new ResultsReadError(
      path,
      `unsupported ${found}: this harness reads schemaVersion ${RESULTS_SCHEMA_VERSION}`,
    );
  }
  const run = data.run;
  if (!isObject(run) || typeof run.id !== "string") throw new ResultsReadError(path, "missing run (or run.id)");
  if (!Array.isArray(run.cells)) throw new ResultsReadError(path, "run.cells is not an array");
  if (!Array.isArray(run.notes)) throw new ResultsReadError(path, "run.notes is not an array");
  if (!Array.isArray(data.results)) throw new ResultsReadError(path, "results is not an array");
  data.results.forEach((r: unknown, i) => {
    if (
      !isObject(r) ||
      typeof r.findingId !== "string" ||
      typeof r.cellId !== "string" ||
      !Array.isArray(r.evidence)
    ) {
      throw new ResultsReadError(path, `results[${i}] lacks findingId, cellId or evidence`);
    }
  });
  for (const cell of run.cells as unknown[]) if (isObject(cell)) withFacts(cell);
  return data as unknown as ResultsFile;
}

/**
 * Why: runs before the cells' observed facts (openat2, runcVersion, sandboxCgroup) were dimensions have none;
 * they read as `unknown`, which no rule's comparison matches, so old runs stay readable and honest.
 */
function withFacts(cell: Record<string, unknown>): void {
  const dims = cell.dimensions;
  if (!isObject(dims)) return;
  for (const [key, value] of Object.entries(UNKNOWN_FACTS)) if (!(key in dims)) dims[key] = value;
}

/** Reads and checks a results file. */
export async function readResultsFile(path: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ResultsReadError(
      path,
      `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return parseResultsJson(text, path);
}
