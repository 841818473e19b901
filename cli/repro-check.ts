/**
 * `npm run repro:check [-- --from reports/<run>/results.json] [--only FINDING@CELL,...]`: the live check of the
 * repro bundles, not part of `npm test` (it starts sandboxes and takes minutes). For a sample of the run's
 * verdicts that covers every area (helpers/repro/check-sample.ts), it writes each repro, checks its repro.sh
 * with shellcheck, runs it (niced, one at a time) with the runsc binary of the cell's runtime, and compares the
 * VERDICT line with the run's. Prints a table; exit 1 on any mismatch, failure or leftover, 2 on bad arguments.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { ArgsError, parseCliArgs, type OptionSpecs } from "../helpers/cli/args.js";
import { discoverRuntimes } from "../helpers/env/discover.js";
import { pickSample, type SamplePick } from "../helpers/repro/check-sample.js";
import { writeRepro } from "../helpers/repro/write-repro.js";
import { readResultsFile } from "../helpers/report/results-read.js";
import { REPORTS_DIR } from "../helpers/report/run-dir.js";

const OPTIONS: OptionSpecs = {
  from: { type: "string", value: "reports/<run>/results.json" },
  only: { type: "string", value: "FINDING@CELL,..." },
};

function fail(code: number, message: string): never {
  process.stderr.write(`repro:check: ${message}\n`);
  process.exit(code);
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

let values: { from?: string; only?: string };
try {
  values = parseCliArgs("repro:check", process.argv.slice(2), OPTIONS) as typeof values;
} catch (error) {
  if (error instanceof ArgsError) fail(2, error.message.replace(/^repro:check: /, ""));
  throw error;
}

interface Row extends SamplePick {
  repro: string;
  seconds: number | null;
  shellcheck: string;
}

/** runsc sandbox processes of repro scripts (their ids start gvc-repro-): none may outlive its script. */
function reproProcesses(): string[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return argv[0]?.startsWith("runsc") && argv.some((a) => a.includes("gvc-repro")) ? [pid] : [];
      } catch {
        return [];
      }
    });
}

async function shellcheck(script: string): Promise<string> {
  const r = await execa("shellcheck", [script], { reject: false });
  if (r.failed && r.exitCode === undefined) return "shellcheck is not installed (npm run setup installs it)";
  return r.exitCode === 0 ? "ok" : r.stdout.trim().split("\n").slice(0, 6).join(" | ");
}

/** How long one repro.sh may run before the check ends it. */
const REPRO_TIMEOUT_S = 300;

/** Runs repro.sh under nice, its output to repro-output.log in its folder; the last VERDICT line it printed. */
async function runScript(dir: string, runsc: string): Promise<{ verdict: string; seconds: number }> {
  const log = path.join(dir, "repro-output.log");
  const t0 = performance.now();
  const child = spawn("nice", ["-n", "19", path.join(dir, "repro.sh"), runsc], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = createWriteStream(log);
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  // A backstop over repro.sh's own bounds: past it the script is sent SIGTERM (its trap removes the sandbox),
  // then SIGKILL; the check goes on and the row says so. Measured here: 18 to 54 s; a kvm cell 15 s (its platform
  // probe; 106 s at the sandbox start bound before repro.sh probed the platform).
  let timedOut = false;
  const term = setTimeout(() => {
    timedOut = true;
    out.write(`\nrepro-check: no verdict after ${REPRO_TIMEOUT_S} s: SIGTERM\n`);
    child.kill("SIGTERM");
  }, REPRO_TIMEOUT_S * 1000);
  const kill = setTimeout(() => child.kill("SIGKILL"), (REPRO_TIMEOUT_S + 30) * 1000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(term);
  clearTimeout(kill);
  out.end();
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  if (timedOut) return { verdict: `none (timed out after ${REPRO_TIMEOUT_S} s)`, seconds };
  const text = readFileSync(log, "utf8");
  const verdict = [...text.matchAll(/^VERDICT: (\S+)$/gm)].at(-1)?.[1];
  return { verdict: verdict ?? `none (exit ${code}; see ${path.relative(process.cwd(), log)})`, seconds };
}

const from = values.from ?? path.join(REPORTS_DIR, "latest", "results.json");
if (!existsSync(from)) fail(2, `${from}: no such file or directory`);
const file = realpathSync(statSync(from).isDirectory() ? path.join(from, "results.json") : from);
const results = await readResultsFile(file);
const sample: SamplePick[] = values.only
  ? values.only.split(",").map((pair) => {
      const [findingId = "", cellId = ""] = pair.split("@");
      const r = results.results.find((x) => x.findingId === findingId && x.cellId === cellId);
      if (!r) fail(2, `--only ${pair}: the run has no result for ${findingId} in ${cellId}`);
      return { findingId, cellId, verdict: r.verdict ?? "", why: "--only" };
    })
  : pickSample(results);
const runsc = new Map((await discoverRuntimes()).flatMap((r) => (r.kind === "runsc" ? [[r.name, r.path]] : [])));

const rows: Row[] = [];
for (const [i, pick] of sample.entries()) {
  say(`\n[${i + 1}/${sample.length}] ${pick.findingId} in ${pick.cellId} (${pick.why}; the run: ${pick.verdict})`);
  const row: Row = { ...pick, repro: "", seconds: null, shellcheck: "" };
  rows.push(row);
  try {
    const written = await writeRepro(results, file, pick.findingId, pick.cellId, (l) => say(`  ${l}`));
    row.shellcheck = await shellcheck(path.join(written.dir, "repro.sh"));
    const binary = runsc.get(written.target.cell.dockerRuntime);
    if (!binary) throw new Error(`no runsc binary registered for ${written.target.cell.dockerRuntime}`);
    say(`  running repro.sh ${binary} (nice -n 19)`);
    const ran = await runScript(written.dir, binary);
    row.repro = ran.verdict;
    row.seconds = ran.seconds;
    const left = reproProcesses();
    if (left.length > 0) row.repro += ` (runsc processes left: ${left.join(" ")})`;
  } catch (error) {
    row.repro = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  say(
    `  -> ${row.repro}${row.seconds === null ? "" : ` in ${row.seconds} s`}; shellcheck ${row.shellcheck || "-"}`,
  );
}

const ok = (r: Row) => r.repro === r.verdict && r.shellcheck === "ok";
const table = [
  ["finding", "cell", "harness", "repro", "time", "shellcheck", ""],
  ...rows.map((r) => [
    r.findingId,
    r.cellId,
    r.verdict,
    r.repro,
    r.seconds === null ? "-" : `${r.seconds} s`,
    r.shellcheck,
    ok(r) ? "✓" : "✗",
  ]),
];
const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? "").length))) ?? [];
say("");
for (const row of table)
  say(
    row
      .map((v, c) => v.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd(),
  );
const bad = rows.filter((r) => !ok(r)).length;
say(`\n${rows.length - bad} of ${rows.length} repro(s) printed the harness's verdict and passed shellcheck`);
process.exit(bad === 0 ? 0 : 1);
