/**
 * The main job: `npm run conformance [-- --cells PATTERNS] [--findings PATTERNS] [--runsc PATH]
 * [--runsc-flags FLAGS] [--gvisor head|RELEASE] [--trials N] [--update-expectations] [--skip-setup]`.
 * `--gvisor RELEASE` (a pinned build: fixtures/runsc-source-releases.json, fixtures/runsc-releases.json) runs that
 * build's default cells only. `--gvisor head` asks the Go module proxy for gVisor's newest go-branch commit; when it
 * is a pinned build, that build's cells run; else it is built (cached by pseudo-version), registered as one-off
 * runtimes for this run, its cells run beside the newest pinned build's cells of the same shapes, and the verdicts
 * that differ are written to reports/<run>/head-diff.md (and printed). Its runtimes are removed after the run, also
 * on failure and on SIGINT/SIGTERM/SIGHUP. When the proxy does not answer, the default (pinned) run runs.
 * Exit codes: 0 all as expected; 1 an unexpected verdict or an error; 2 a malformed expectations or config file
 * (or a bad argument, or a gVisor head that does not build), found before any cell starts.
 */
import path from "node:path";
import { execa } from "execa";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { ArgsError, parseCliArgs, type OptionSpecs } from "../helpers/cli/args.js";
import { ConfigError, declaredCells, selectCells } from "../helpers/env/declared-cells.js";
import { cellFilterFor, discoverRuntimes } from "../helpers/env/discover.js";
import { findingsFilterProblem } from "../helpers/env/patterns.js";
import { applyRunToExpectations } from "../helpers/finding/apply-run-to-expectations.js";
import { sandboxStartSeconds } from "../helpers/finding/blocked-cell.js";
import { ExpectationsError } from "../helpers/finding/expectations-load.js";
import { splitFlags } from "../helpers/host/extra-runsc.js";
import {
  buildHead,
  describeCommitTime,
  describeHead,
  gvisorCells,
  headRegistrations,
  OneOffRuntimesGuard,
  oneLine,
  parseGvisorChoice,
  pinnedMatch,
  pinnedReleaseNames,
  queryGvisorHead,
  signalExitCode,
  type GvisorChoice,
  type GvisorHead,
} from "../helpers/host/gvisor-head.js";
import { readReleasesFile } from "../helpers/host/runsc-install.js";
import { readSourceReleasesFile, type RunscSourceReleasesFile } from "../helpers/host/runsc-source-build.js";
import { registerRuntimes, unregisterRuntimes } from "../helpers/host/runtime-registry.js";
import { runSetup } from "../helpers/host/setup.js";
import { diffHeadAgainstPinned, renderHeadDiff, renderHeadNote } from "../helpers/report/head-diff.js";
import { readResultsFile } from "../helpers/report/results-read.js";
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

/** Ends the run with a message and an exit code, through main's finally (the head's runtimes are removed). */
class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function fail(code: number, message: string): never {
  throw new CliExit(code, message);
}

const say = (line: string): void => void process.stdout.write(`\n[conformance] ${line}\n`);
/** A line of its own: what asking for the gVisor head came to (`conformance: gVisor head ...`). */
const tell = (line: string): void => void process.stdout.write(`\n${line}\n`);

const OPTIONS: OptionSpecs = {
  cells: { type: "string", value: "PATTERNS" },
  findings: { type: "string", value: "PATTERNS" },
  runsc: { type: "string", multiple: true, value: "PATH" },
  "runsc-flags": { type: "string", value: "FLAGS", dashValue: true },
  gvisor: { type: "string", value: "head|RELEASE" },
  trials: { type: "string", value: "N" },
  "update-expectations": { type: "boolean" },
  "skip-setup": { type: "boolean" },
};

interface Values {
  cells?: string;
  findings?: string;
  runsc?: string[];
  "runsc-flags"?: string;
  gvisor?: string;
  trials?: string;
  "update-expectations"?: boolean;
  "skip-setup"?: boolean;
}

/** What `--gvisor` came to once the proxy was asked. */
type GvisorPlan =
  | { kind: "none" }
  | { kind: "release"; release: string }
  | { kind: "head-unanswered"; reason: string }
  | { kind: "head-pinned"; head: GvisorHead; pinned: string }
  | { kind: "head-new"; head: GvisorHead };

/** Set once the head's one-off runtimes are being registered: main's finally removes them. */
const registered: { guard: OneOffRuntimesGuard | null } = { guard: null };

/** `--gvisor head`: the proxy's newest commit; a pinned one is reused, a new one built and registered one-off. */
async function resolveHead(source: RunscSourceReleasesFile): Promise<GvisorPlan> {
  const query = await queryGvisorHead();
  if (!query.ok) {
    tell(
      `conformance: gVisor head: the Go module proxy did not answer (${query.reason}): running the pinned builds only`,
    );
    return { kind: "head-unanswered", reason: query.reason };
  }
  const { head } = query;
  const pinned = pinnedMatch(head, source.releases);
  if (pinned) {
    tell(
      `conformance: ${describeHead(head)} IS the pinned ${pinned.release}: reusing it, its cells are the head's`,
    );
    return { kind: "head-pinned", head, pinned: pinned.release };
  }
  tell(`conformance: ${describeHead(head)} is not pinned: building it (cached by its pseudo-version)`);
  let build;
  try {
    build = await buildHead(source, head);
  } catch (error) {
    fail(2, `conformance: gVisor head ${head.release}: build failed: ${oneLine(error)}`);
  }
  const registrations = await headRegistrations(build, readReleasesFile().runtimeArgs);
  const names = registrations.map((r) => r.name);
  const guard = new OneOffRuntimesGuard(names, unregisterRuntimes, (line) =>
    say(`gVisor head ${head.release}: ${line}`),
  );
  registered.guard = guard;
  guard.arm();
  try {
    await guard.track(registerRuntimes(registrations));
  } catch (error) {
    fail(1, `conformance: gVisor head ${head.release}: could not register its runtimes: ${oneLine(error)}`);
  }
  say(`gVisor head ${head.release}: one-off runtime(s) ${names.join(", ")} for this run`);
  return { kind: "head-new", head };
}

/** reports/<run>/head-diff.md (printed too, for a new head): what the head run found. */
async function writeHeadReport(plan: GvisorPlan, id: string, comparedWith: string | null): Promise<void> {
  const file = path.join(runDir(id), "head-diff.md");
  let text: string;
  if (plan.kind === "head-unanswered")
    text = renderHeadNote(
      `gVisor head: the Go module proxy did not answer (${plan.reason}): the run checked the pinned builds only`,
    );
  else if (plan.kind === "head-pinned")
    text = renderHeadNote(
      `${describeHead(plan.head)} IS the pinned ${plan.pinned}: no new gVisor on the proxy; ` +
        `the run checked ${plan.pinned}'s cells`,
    );
  else if (plan.kind === "head-new") {
    const resultsFile = path.join(runDir(id), "results.json");
    if (!existsSync(resultsFile)) {
      say(
        `gVisor head ${plan.head.release}: the run wrote no ${path.relative(ROOT, resultsFile)}: nothing to compare`,
      );
      return;
    }
    if (comparedWith === null)
      text = renderHeadNote(`${describeHead(plan.head)}: no pinned build's cells ran beside it: nothing compared`);
    else {
      const results = await readResultsFile(resultsFile);
      const diff = diffHeadAgainstPinned(results, comparedWith, plan.head.release);
      const { release, moduleVersion, committedAt } = plan.head;
      text = renderHeadDiff(diff, {
        head: { release, moduleVersion, committed: describeCommitTime(committedAt) },
        pinned: comparedWith,
        runId: id,
      });
    }
    process.stdout.write(`\n${text}`);
  } else return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  say(`gVisor head: ${path.relative(ROOT, file)}`);
}

async function main(): Promise<number> {
  let values: Values;
  try {
    values = parseCliArgs("conformance", process.argv.slice(2), OPTIONS) as Values;
  } catch (error) {
    if (error instanceof ArgsError) fail(2, error.message);
    throw error;
  }

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
  let source: RunscSourceReleasesFile;
  let pinnedNewestFirst: string[];
  try {
    source = readSourceReleasesFile();
    pinnedNewestFirst = pinnedReleaseNames(source, readReleasesFile());
  } catch (error) {
    fail(2, `conformance: ${oneLine(error)}`);
  }
  let choice: GvisorChoice | null = null;
  if (values.gvisor !== undefined) {
    const parsed = parseGvisorChoice(values.gvisor, pinnedNewestFirst);
    if ("error" in parsed) fail(2, `conformance: ${parsed.error}`);
    if ((values.runsc ?? []).length > 0)
      fail(2, "conformance: --gvisor and --runsc both choose the gVisor to check: give one of them");
    choice = parsed;
  }

  // 2. The host: engine, gVisor releases (and the user's runsc), images; then the gVisor head if asked for.
  const flags = splitFlags(values["runsc-flags"]);
  const extra = (values.runsc ?? []).map((p) => ({ path: path.resolve(p), flags }));
  if (values["skip-setup"] !== true) await runSetup({ extraRunsc: extra }).catch((e: Error) => fail(1, e.message));
  let plan: GvisorPlan = { kind: "none" };
  if (choice?.kind === "release") plan = { kind: "release", release: choice.release };
  if (choice?.kind === "head") plan = await resolveHead(source);

  // 3. Which cells: --cells; else the cells of --gvisor's build (a new head: its cells and the newest pinned
  //    build's of the same shapes); else those of the runtime registered for --runsc (same binary, same flags);
  //    else the defaults (one-off runtimes of earlier runs left out).
  let cellFilter: string | undefined;
  let comparedWith: string | null = null;
  try {
    const runtimes = await discoverRuntimes();
    const declared = declaredCells(runtimes);
    const gvisor =
      values.cells !== undefined
        ? null
        : plan.kind === "release" || plan.kind === "head-pinned"
          ? gvisorCells(declared, {
              kind: "release",
              release: plan.kind === "release" ? plan.release : plan.pinned,
            })
          : plan.kind === "head-new"
            ? gvisorCells(declared, { kind: "head", release: plan.head.release, pinnedNewestFirst })
            : null;
    if (gvisor !== null && "error" in gvisor) fail(2, `conformance: ${gvisor.error}`);
    if (gvisor?.note) say(`gVisor head: ${gvisor.note}`);
    cellFilter = gvisor?.filter ?? cellFilterFor(values.cells, extra, runtimes);
    const cells = selectCells(declared, cellFilter);
    if (plan.kind === "head-new") {
      const ran = new Set(cells.flatMap((c) => (c.runtime.kind === "runsc" ? [c.runtime.release] : [])));
      comparedWith = pinnedNewestFirst.find((r) => ran.has(r)) ?? null;
    }
    process.stdout.write(
      `\n[conformance] ${cells.length} cell(s) selected: ${cells.map((c) => c.id).join(", ")}\n`,
    );
  } catch (error) {
    if (error instanceof CliExit) throw error;
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
  // whose handlers remove the run's sandboxes. From here the signals are vitest's: when it ends, this process goes
  // on to remove the head's runtimes (main's finally).
  const guard = registered.guard;
  if (guard?.signalled) fail(signalExitCode(guard.signalled), `conformance: stopped by ${guard.signalled}`);
  guard?.disarm();
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

  // 5. --gvisor head: the head's verdicts against the pinned build's, from this run's results.
  try {
    await writeHeadReport(plan, id, comparedWith);
  } catch (error) {
    say(`gVisor head: no head-diff.md: ${oneLine(error)}`);
  }

  // 6. Optionally turn the run's verdicts into expectation rules, as a diff to review.
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
  return vitest.exitCode ?? 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  if (error instanceof CliExit) {
    process.stderr.write(`\n${error.message}\n`);
    exitCode = error.code;
  } else {
    process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitCode = 1;
  }
} finally {
  await registered.guard?.cleanup();
}
process.exit(exitCode);
