/**
 * The main job: `npm run conformance [-- --cells PATTERNS] [--findings PATTERNS] [--runsc PATH]
 * [--runsc-flags FLAGS] [--trials N] [--update-expectations] [--skip-setup]`.
 * Exit codes: 0 all as expected; 1 an unexpected verdict or an error; 2 a malformed expectations or config file
 * (or a bad argument), found before any cell starts.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { readFileSync } from "node:fs";
import { ConfigError, declaredCells, selectCells } from "../helpers/env/declared-cells.js";
import { discoverRuntimes } from "../helpers/env/discover.js";
import { applyRunToExpectations } from "../helpers/finding/apply-run-to-expectations.js";
import { ExpectationsError } from "../helpers/finding/expectations-load.js";
import { splitFlags } from "../helpers/host/extra-runsc.js";
import { runSetup } from "../helpers/host/setup.js";
import type { ResultsFile } from "../helpers/report/results-schema.js";
import { runDir, runId } from "../helpers/report/run-dir.js";
import { ALL_FINDINGS, catalog } from "../suites/catalog.js";

const ROOT = path.resolve(import.meta.dirname, "..");

function fail(code: number, message: string): never {
  process.stderr.write(`\n${message}\n`);
  process.exit(code);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        cells: { type: "string" },
        findings: { type: "string" },
        runsc: { type: "string", multiple: true },
        "runsc-flags": { type: "string" },
        "update-expectations": { type: "boolean" },
        trials: { type: "string" },
        "skip-setup": { type: "boolean" },
      },
    });
  } catch (error) {
    return fail(2, `conformance: ${(error as Error).message}`);
  }
})();

// 1. Everything that can be wrong in files is checked before anything starts.
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
const registered = values["skip-setup"]
  ? []
  : await runSetup({ extraRunsc: extra }).catch((e: Error) => fail(1, e.message));

// 3. Which cells: --cells, else the new release's cells when --runsc names one, else the defaults.
const newRuntimes = registered.filter((r) => extra.some((x) => x.path === r.path)).map((r) => `${r.name}.*`);
const cellFilter = values.cells ?? (newRuntimes.length > 0 ? newRuntimes.join(",") : undefined);
try {
  const cells = selectCells(declaredCells(await discoverRuntimes()), cellFilter);
  process.stdout.write(`\n[conformance] ${cells.length} cell(s) selected\n`);
} catch (error) {
  if (error instanceof ConfigError) fail(2, error.message);
  throw error;
}

// 4. The run itself: vitest's conformance project (the reporter prints the matrix and writes the reports).
const id = runId(new Date());
const env: Record<string, string> = {
  GVC_RUN_ID: id,
  GVC_CELLS: cellFilter ?? "",
  GVC_FINDINGS: values.findings ?? "",
};
if (values.trials) {
  if (!/^[1-9]\d*$/.test(values.trials)) fail(2, `--trials ${values.trials}: a positive whole number`);
  env.GVC_RACE_TRIALS = values.trials; // the statistical race finding; GVC_RUNC_TRIALS sets the others
}
const vitest = await execa("npx", ["vitest", "run", "--project", "conformance"], {
  cwd: ROOT,
  env,
  stdio: "inherit",
  reject: false,
});

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
