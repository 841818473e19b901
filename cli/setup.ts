/**
 * `npm run setup [-- --runsc PATH [--runsc-flags "--platform=ptrace"]] [--gvisor head|RELEASE]`: prepares this host
 * (idempotent). `--if-needed` is what `npm test` runs first: the same checks, each a no-op when already satisfied.
 * A `--runsc` binary is registered as a one-off runtime (`npm run runtimes -- list|remove NAME`).
 * `--gvisor head` then asks the Go module proxy for gVisor's newest go-branch commit: when it is a pinned build it
 * says so (setup has registered it); else it builds it (cached by pseudo-version) and registers it, and its cgroup
 * v2 variant where its runsc has the flag, as one-off runtimes, and prints their names. `--gvisor RELEASE` (a pinned
 * build) prints that build's runtimes. Exit 2: a bad argument or a head that does not build; 1: setup failed, or
 * the proxy did not answer.
 */
import path from "node:path";
import { ArgsError, parseCliArgs, type OptionSpecs } from "../helpers/cli/args.js";
import { extraRunscFromEnv, splitFlags } from "../helpers/host/extra-runsc.js";
import {
  buildHead,
  describeHead,
  headRegistrations,
  isBuildRuntime,
  oneLine,
  parseGvisorChoice,
  pinnedMatch,
  pinnedReleaseNames,
  queryGvisorHead,
  type GvisorChoice,
} from "../helpers/host/gvisor-head.js";
import { readReleasesFile } from "../helpers/host/runsc-install.js";
import { readSourceReleasesFile, type RunscSourceReleasesFile } from "../helpers/host/runsc-source-build.js";
import {
  registerRuntimes,
  unregisterRuntimes,
  type RuntimeRegistration,
} from "../helpers/host/runtime-registry.js";
import { runSetup } from "../helpers/host/setup.js";

const OPTIONS: OptionSpecs = {
  runsc: { type: "string", multiple: true, value: "PATH" },
  "runsc-flags": { type: "string", value: "FLAGS", dashValue: true },
  gvisor: { type: "string", value: "head|RELEASE" },
  "if-needed": { type: "boolean" },
};

function exit(code: number, message: string): never {
  process.stderr.write(`\n${message}\n`);
  process.exit(code);
}

const say = (line: string): void => void process.stdout.write(`\nsetup: ${line}\n`);

let values: { runsc?: string[]; "runsc-flags"?: string; gvisor?: string };
try {
  values = parseCliArgs("setup", process.argv.slice(2), OPTIONS);
} catch (error) {
  exit(2, error instanceof ArgsError ? error.message : String(error));
}

let source: RunscSourceReleasesFile | null = null;
let choice: GvisorChoice | null = null;
if (values.gvisor !== undefined) {
  try {
    source = readSourceReleasesFile();
    const parsed = parseGvisorChoice(values.gvisor, pinnedReleaseNames(source, readReleasesFile()));
    if ("error" in parsed) exit(2, `setup: ${parsed.error}`);
    choice = parsed;
  } catch (error) {
    exit(2, `setup: ${oneLine(error)}`);
  }
}

const flags = splitFlags(values["runsc-flags"]);
const extra = [...(values.runsc ?? []).map((p) => ({ path: path.resolve(p), flags })), ...extraRunscFromEnv()];

let registrations: RuntimeRegistration[];
try {
  registrations = await runSetup({ extraRunsc: extra });
} catch (error) {
  exit(1, `setup failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** The runtimes setup registered for a pinned build: its own and its variants. */
const runtimesOf = (release: string): string =>
  registrations
    .filter((r) => isBuildRuntime(r.name, release))
    .map((r) => r.name)
    .join(", ") || `none on this host (runsc-${release} is not registered: see the lines above)`;

if (choice?.kind === "release")
  say(`gVisor ${choice.release} is pinned; its runtimes: ${runtimesOf(choice.release)}`);

if (choice?.kind === "head" && source !== null) {
  const query = await queryGvisorHead();
  if (!query.ok)
    exit(
      1,
      `setup: gVisor head: the Go module proxy did not answer (${query.reason}): only the pinned builds are set up`,
    );
  const { head } = query;
  const pinned = pinnedMatch(head, source.releases);
  if (pinned) {
    say(`${describeHead(head)} IS the pinned ${pinned.release}; its runtimes: ${runtimesOf(pinned.release)}`);
  } else {
    say(`${describeHead(head)} is not pinned: building it (cached by its pseudo-version)`);
    let build;
    try {
      build = await buildHead(source, head);
    } catch (error) {
      exit(2, `setup: gVisor head ${head.release}: build failed: ${oneLine(error)}`);
    }
    const regs = await headRegistrations(build, readReleasesFile().runtimeArgs);
    const names = regs.map((r) => r.name);
    try {
      await registerRuntimes(regs);
    } catch (error) {
      await unregisterRuntimes(names).catch(() => undefined);
      exit(1, `setup: gVisor head ${head.release}: could not register its runtimes: ${oneLine(error)}`);
    }
    say(
      `gVisor head ${head.release}: one-off runtime(s) ${names.join(", ")} (only runs that name them: ` +
        `npm run conformance -- --cells '${names.map((n) => `${n}.*`).join(",")}'; ` +
        `npm run runtimes -- remove ${names.join(" ")})`,
    );
  }
}
