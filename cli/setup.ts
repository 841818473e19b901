/**
 * `npm run setup [-- --runsc PATH [--runsc-flags "--platform=ptrace"]]`: prepares this host (idempotent).
 * `--if-needed` is what `npm test` runs first: the same checks, each a no-op when already satisfied.
 * A `--runsc` binary is registered as a one-off runtime (`npm run runtimes -- list|remove NAME`).
 */
import path from "node:path";
import { ArgsError, parseCliArgs, type OptionSpecs } from "../helpers/cli/args.js";
import { extraRunscFromEnv, splitFlags } from "../helpers/host/extra-runsc.js";
import { runSetup } from "../helpers/host/setup.js";

const OPTIONS: OptionSpecs = {
  runsc: { type: "string", multiple: true, value: "PATH" },
  "runsc-flags": { type: "string", value: "FLAGS", dashValue: true },
  "if-needed": { type: "boolean" },
};

let values: { runsc?: string[]; "runsc-flags"?: string };
try {
  values = parseCliArgs("setup", process.argv.slice(2), OPTIONS);
} catch (error) {
  process.stderr.write(`\n${error instanceof ArgsError ? error.message : String(error)}\n`);
  process.exit(2);
}

const flags = splitFlags(values["runsc-flags"]);
const extra = [...(values.runsc ?? []).map((p) => ({ path: path.resolve(p), flags })), ...extraRunscFromEnv()];

try {
  await runSetup({ extraRunsc: extra });
} catch (error) {
  process.stderr.write(`\nsetup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
