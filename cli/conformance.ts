/**
 * The main job: `npm run conformance [-- --cells PATTERNS] [--findings PATTERNS] [--runsc PATH]
 * [--runsc-flags FLAGS] [--trials N] [--update-expectations] [--skip-setup]`.
 * Exit codes: 0 all as expected; 1 an unexpected verdict or an error; 2 a malformed expectations or config file
 * (or a bad argument), found before any cell starts.
 */
import path from "node:path";
import { execa } from "execa";
import { readFileSync } from "node:fs";
import { ArgsError, parseCliArgs, type OptionSpecs } from "../helpers/cli/args.js";
import { ConfigError, declaredCells, selectCells } from "../helpers/env/declared-cells.js";
import { cellFilterFor, discoverRuntimes } from "../helpers/env/discover.js";
import { findingsFilterProblem } from "../helpers/env/patterns.js";
import { applyRunToExpectations } from "../helpers/finding/apply-run-to-expectations.js";
import { sandboxStartSeconds } from "../helpers/finding/blocked-cell.js";
import { ExpectationsError } from "../helpers/finding/expectations-load.js";
import { splitFlags } from "../helpers/host/extra-runsc.js";
import { runSetup } from "../helpers/host/setup.js";
import type { ResultsFile } from "../helpers/report/results-schema.js";
import { runDir, runId } from "../helpers/report/run-dir.js";
import { ALL_FINDINGS, catalog } from "../suites/catalog.js";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Ctrl-C, SIGTERM, SIGHUP: passed to vitest, whose handlers remove the run's sandboxes; this process then ends
 * with vitest. `kill <npm pid>` ends npm and its shell only (they do not pass the signal on), which leaves this
 * process orphaned: that is noticed (the parent's parent changes) and treated as SIGTERM.
 */
function forwardSignals(child: { kill: (signal: NodeJS.Signals) => boolean }): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  const grandparent = (): string => /\) \S (\d+)/.exec(readFileSafe(`/proc/${process.ppid}/stat`))?.[1] ?? "";
  const first = grandparent();
  const timer = setInterval(() => {
    if (grandparent() === first) return;
    process.stderr.write("\n[conformance] the npm process that started this run is gone: stopping the run\n");
    clearInterval(timer);
    child.kill("SIGTERM");
  }, 2_000);
  timer.unref();
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function fail(code: number, message: string): never {
  process.stderr.write(`\n${message}\n`);
  process.exit(code);
}

const OPTIONS: OptionSpecs = {
  cells: { type: "string", value: "PATTERNS" },
  findings: { type: "string", value: "PATTERNS" },
  runsc: { type: "string", multiple: true, value: "PATH" },
  "runsc-flags": { type: "string", value: "FLAGS", dashValue: true },
  trials: { type: "string", value: "N" },
  "update-expectations": { type: "boolean" },
  "skip-setup": { type: "boolean" },
};

const values = (() => {
  try {
    return parseCliArgs("conformance", process.argv.slice(2), OPTIONS) as {
      cells?: string;
      findings?: string;
      runsc?: string[];
      "runsc-flags"?: string;
      trials?: string;
      "update-expectations"?: boolean;
      "skip-setup"?: boolean;
    };
  } catch (error) {
    if (error instanceof ArgsError) fail(2, error.message);
    throw error;
  }
})();

// 1. Everything that can be wrong in arguments and files is checked before anything starts.
if (values.trials !== undefined && !/^[1-9]\d*$/.test(values.trials))
  fail(2, `conformance: --trials ${values.trials}: a positive whole number`);
const findingsProblem = findingsFilterProblem(
  values.findings,
  ALL_FINDINGS.map((f) => f.id),
);
if (findingsProblem) fail(2, `conformance: ${findingsProblem}`);
try {
  sandboxStartSeconds();
} catch (error) {
  fail(2, `conformance: ${(error as Error).message}`);
}
try {
  await catalog.expectations();
} catch (error) {
  if (error instanceof ExpectationsError)
    fail(2, `malformed expectations, nothing was started:\n${error.message}`);
  throw error;
}

// 2. The host: engine, gVisor releases (and the user's runsc), images.
const flags = splitFlags(values["runsc-flags"]);
const extra = (values.runsc ?? []).map((p) => ({ path: path.resolve(p), flags }));
if (values["skip-setup"] !== true) await runSetup({ extraRunsc: extra }).catch((e: Error) => fail(1, e.message));

// 3. Which cells: --cells, else the cells of the runtime registered for --runsc (same binary, same flags), else
//    the defaults (one-off runtimes of earlier runs left out).
let cellFilter: string | undefined;
try {
  const runtimes = await discoverRuntimes();
  cellFilter = cellFilterFor(values.cells, extra, runtimes);
  const cells = selectCells(declaredCells(runtimes), cellFilter);
  process.stdout.write(`\n[conformance] ${cells.length} cell(s) selected: ${cells.map((c) => c.id).join(", ")}\n`);
} catch (error) {
  if (error instanceof ConfigError) fail(2, `conformance: ${error.message}`);
  fail(2, `conformance: ${(error as Error).message.split("\n")[0] ?? ""}`);
}

// 4. The run itself: vitest's conformance project (the reporter prints the matrix and writes the reports).
const id = runId(new Date());
const env: Record<string, string> = {
  GVC_RUN_ID: id,
  GVC_CELLS: cellFilter ?? "",
  GVC_FINDINGS: values.findings ?? "",
  // The selection above is the whole of it: the run's binaries are in GVC_CELLS, not to be looked up again.
  GVC_RUNSC: "",
  GVC_RUNSC_FLAGS: "",
};
if (values.trials) {
  env.GVC_RACE_TRIALS = values.trials; // the statistical race finding; GVC_RUNC_TRIALS sets the others
}
// vitest is our direct child (not behind npx and a shell), so that a signal forwarded to it reaches the process
// whose handlers remove the run's sandboxes.
const child = execa(
  process.execPath,
  [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--project", "conformance"],
  {
    cwd: ROOT,
    env,
    stdio: "inherit",
    reject: false,
  },
);
forwardSignals(child);
const vitest = await child;

// 5. Optionally turn the run's verdicts into expectation rules, as a diff to review.
if (values["update-expectations"]) {
  const results = JSON.parse(readFileSync(path.join(runDir(id), "results.json"), "utf8")) as ResultsFile;
  const updates = applyRunToExpectations(results, await catalog.expectations(), ALL_FINDINGS, ROOT);
  for (const u of updates) process.stdout.write(`\n${u.diff}\n`);
  process.stdout.write(
    updates.length === 0
      ? "\nexpectations: nothing to update\n"
      : `\nexpectations: updated ${updates.map((u) => u.file).join(", ")}; replace each placeholder 'because' with the reason\n`,
  );
}
process.exit(vitest.exitCode ?? 1);
