/**
 * `npm run setup [-- --runsc PATH [--runsc-flags "--platform=ptrace"]]`: prepares this host (idempotent).
 * `--if-needed` is what `npm test` runs first: the same checks, each a no-op when already satisfied.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { extraRunscFromEnv, splitFlags } from "../helpers/host/extra-runsc.js";
import { runSetup } from "../helpers/host/setup.js";

const { values } = parseArgs({
  options: {
    runsc: { type: "string", multiple: true },
    "runsc-flags": { type: "string" },
    "if-needed": { type: "boolean" },
  },
});

const flags = splitFlags(values["runsc-flags"]);
const extra = [...(values.runsc ?? []).map((p) => ({ path: path.resolve(p), flags })), ...extraRunscFromEnv()];

try {
  await runSetup({ extraRunsc: extra });
} catch (error) {
  process.stderr.write(`\nsetup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
