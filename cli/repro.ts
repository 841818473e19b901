/**
 * `npm run repro -- <finding-id> <cell-id> [--from reports/<run>/results.json]`: writes a standalone
 * reproduction of one verdict of a run (default: reports/latest) to `reports/<run>/repro/<finding>/<cell>/`
 * (README.md, repro.sh, in-sandbox.mjs, cell.json, config.json, sandbox-files/, image.tar.gz).
 * Exit 0: written; 2: a bad argument or a verdict without a repro (one line, no stack trace); 1: writing failed.
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { ArgsError, parseCliCommand, type OptionSpecs } from "../helpers/cli/args.js";
import { ReproRequestError } from "../helpers/repro/request.js";
import { writeRepro } from "../helpers/repro/write-repro.js";
import { readResultsFile, ResultsReadError } from "../helpers/report/results-read.js";
import { REPORTS_DIR } from "../helpers/report/run-dir.js";

const OPTIONS: OptionSpecs = { from: { type: "string", value: "reports/<run>/results.json" } };

function fail(code: number, message: string): never {
  process.stderr.write(`repro: ${message}\n`);
  process.exit(code);
}

/** A run directory stands for its results.json; links (reports/latest) are followed, so the repro lands in the run. */
function resultsPath(from: string | undefined): string {
  const given = from ?? path.join(REPORTS_DIR, "latest", "results.json");
  if (!existsSync(given))
    fail(2, `${given}: no such file or directory${from ? "" : " (no run yet: pass --from)"}`);
  const file = statSync(given).isDirectory() ? path.join(given, "results.json") : given;
  if (!existsSync(file)) fail(2, `${file}: no such file`);
  return realpathSync(file);
}

let findingId: string;
let cellId: string;
let from: string | undefined;
try {
  const parsed = parseCliCommand("repro", process.argv.slice(2), OPTIONS, ["<finding-id>", "<cell-id>"]);
  [findingId = "", cellId = ""] = parsed.positionals;
  from = parsed.values.from as string | undefined;
} catch (error) {
  if (error instanceof ArgsError) fail(2, error.message.replace(/^repro: /, ""));
  throw error;
}

const file = resultsPath(from);
const results = await readResultsFile(file).catch((error: unknown) => {
  if (error instanceof ResultsReadError) fail(2, error.message);
  throw error;
});
try {
  const written = await writeRepro(results, file, findingId, cellId, (line) =>
    process.stdout.write(`[repro] ${line}\n`),
  );
  const dir = path.relative(process.cwd(), written.dir) || ".";
  const release = written.target.cell.dimensions.release;
  process.stdout.write(
    `\nwrote ${dir}/ (README.md, repro.sh, in-sandbox.mjs, cell.json, config.json, image.tar.gz)\n` +
      `run it as root: ${dir}/repro.sh /path/to/runsc   (the run's verdict: ${written.target.result.verdict}, gVisor ${release})\n`,
  );
} catch (error) {
  if (error instanceof ReproRequestError) fail(2, error.message);
  fail(1, error instanceof Error ? error.message : String(error));
}
