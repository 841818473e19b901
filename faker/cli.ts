/**
 * The faker daemon's entry point (bundled to cgroup-faker.mjs): one JSON line per event on stdout, clean exit 0
 * on SIGTERM/SIGINT, exit 2 on bad arguments or nothing to watch.
 */
import { parseFakerArgs, USAGE, type ParsedArgs } from "./args.js";
import { CgroupFaker } from "./cgroup-faker.js";

function line(object: object): void {
  process.stdout.write(`${JSON.stringify(object)}\n`);
}

function parseOrExit(argv: readonly string[]): Extract<ParsedArgs, { help: false }> {
  try {
    const parsed = parseFakerArgs(argv);
    if (!parsed.help) return parsed;
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
}

/** Starts the daemon with the given argv; returns the running faker. */
export function main(argv: readonly string[]): CgroupFaker {
  const { options } = parseOrExit(argv);
  // A reader that went away (EPIPE) must not stop the faker: the directories still need their files.
  process.stdout.on("error", () => {});
  const faker = new CgroupFaker(options);
  faker.on("ready", line).on("created", line).on("error", line);
  faker.on("rescan", (event) => (event.trigger !== "periodic" || event.found > 0) && line(event));
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.on(signal, () => {
      faker.close();
      line({ event: "exit", signal });
      process.exit(0);
    });
  process.on("SIGHUP", () => faker.rescanNow());
  try {
    faker.start();
  } catch (error) {
    line({ event: "error", message: error instanceof Error ? error.message : String(error), action: "exit" });
    process.exit(2);
  }
  return faker;
}

main(process.argv.slice(2));
