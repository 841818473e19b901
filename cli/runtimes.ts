/**
 * `npm run runtimes -- list` shows the runsc runtimes the engine knows and their role for the harness:
 * `release` (fixtures/runsc-releases.json, in every default run), `one-off` (registered by `--runsc` /
 * GVC_RUNSC: only in runs that name it), `foreign` (registered by someone else: in default runs).
 * `npm run runtimes -- remove NAME...` removes runtimes from daemon.json and the record; `remove --one-off`
 * removes every one-off runtime. Exit 2 on a bad command line, 1 when something could not be done.
 */
import {
  listRunscRuntimes,
  RUNTIMES_STATE,
  unregisterRuntimes,
  type ListedRuntime,
} from "../helpers/host/runtime-registry.js";

const USAGE = "usage: npm run runtimes -- list | remove NAME... | remove --one-off";

function describe(r: ListedRuntime): string {
  const role = {
    release: "release   (default runs)",
    "one-off": "one-off   (only runs that name it: --runsc or --cells)",
    foreign: "foreign   (not registered by the harness; default runs)",
  }[r.role];
  return `  ${r.name.padEnd(34)} ${role}  ${r.path} ${r.runtimeArgs.join(" ")}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "list" && rest.length === 0) {
    const runtimes = await listRunscRuntimes();
    process.stdout.write(`runsc runtimes in the engine (record: ${RUNTIMES_STATE}):\n`);
    process.stdout.write(runtimes.length > 0 ? `${runtimes.map(describe).join("\n")}\n` : "  (none)\n");
    return 0;
  }
  if (command === "remove" && rest.length > 0) {
    const runtimes = await listRunscRuntimes();
    const names =
      rest.length === 1 && rest[0] === "--one-off"
        ? runtimes.filter((r) => r.role === "one-off").map((r) => r.name)
        : rest;
    const unknown = names.filter((n) => !runtimes.some((r) => r.name === n));
    if (unknown.length > 0) {
      process.stderr.write(
        `runtimes: no runsc runtime ${unknown.join(", ")}; runsc runtimes: ${runtimes.map((r) => r.name).join(", ") || "none"}\n`,
      );
      return 2;
    }
    if (names.length === 0) {
      process.stdout.write("no one-off runtime to remove\n");
      return 0;
    }
    const removed = await unregisterRuntimes(names);
    for (const n of removed) {
      const release = runtimes.find((r) => r.name === n)?.role === "release";
      process.stdout.write(
        `removed ${n}${release ? " (a release runtime: the next setup registers it again)" : ""}\n`,
      );
    }
    return 0;
  }
  process.stderr.write(
    `runtimes: ${command === undefined ? "no command" : `bad command line: ${argv.join(" ")}`}; ${USAGE}\n`,
  );
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`runtimes: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
  process.exitCode = 1;
}
