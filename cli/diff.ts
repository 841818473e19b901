/**
 * Compares two runs: `tsx cli/diff.ts BEFORE AFTER [--by id|release] [--markdown OUT.md]`: how the answer changed
 * (helpers/report/answer.ts) first, then the verdicts.
 * BEFORE/AFTER are results.json files or run directories (reports/<run>). Exit 0: no verdict changed;
 * 1: some verdict changed; 2: bad input.
 */
import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { diffAnswers } from "../helpers/report/answer-diff.js";
import { diffResults, verdictChanges, type MatchCellsBy } from "../helpers/report/results-diff.js";
import { renderDiffMarkdown, renderDiffTerminal } from "../helpers/report/results-diff-render.js";
import { readResultsFile } from "../helpers/report/results-read.js";

const USAGE = `usage: tsx cli/diff.ts BEFORE AFTER [--by id|release] [--before-release R] [--after-release R] [--markdown OUT.md]
  BEFORE, AFTER     results.json files or run directories (reports/<run>)
  --by id           match cells by id (default)
  --by release      match cells by their dimensions except the gVisor release (compare two releases)
  --before-release, --after-release   keep only that release's cells on one side (two releases in one run)
  --markdown FILE   also write the diff as Markdown`;

class UsageError extends Error {}

/** A run directory stands for its results.json. */
async function resultsPath(arg: string): Promise<string> {
  const info = await stat(arg).catch(() => null);
  if (info === null) throw new UsageError(`${arg}: no such file or directory`);
  return info.isDirectory() ? join(arg, "results.json") : arg;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      by: { type: "string", default: "id" },
      "before-release": { type: "string" },
      "after-release": { type: "string" },
      markdown: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError(`expected BEFORE and AFTER, got ${positionals.length} argument(s)`);
  const byArg = values.by;
  if (byArg !== "id" && byArg !== "release")
    throw new UsageError(`--by must be "id" or "release", not "${byArg}"`);
  const matchCellsBy: MatchCellsBy = byArg === "id" ? "id" : "dimensions-except-release";
  const [before, after] = await Promise.all(positionals.map(async (p) => readResultsFile(await resultsPath(p))));
  if (before === undefined || after === undefined) throw new UsageError("expected BEFORE and AFTER");
  const options = { matchCellsBy, beforeRelease: values["before-release"], afterRelease: values["after-release"] };
  const diff = diffResults(before, after, options);
  // The answer first: how "can pods run in gVisor, and what stops them" changed, then the verdicts.
  const answer = diffAnswers(before, after, options);
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  process.stdout.write(renderDiffTerminal(diff, { color, answer, width: process.stdout.columns ?? 120 }));
  if (values.markdown !== undefined) await writeFile(values.markdown, renderDiffMarkdown(diff, answer));
  return verdictChanges(diff).length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`diff: ${message}`);
    if (error instanceof UsageError || (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      console.error(USAGE);
    }
    process.exitCode = 2;
  },
);
