/**
 * The benchmark driver run by the sandbox's own Node (bundled to bench-driver.mjs): measures the faker
 * mechanism from inside the kernel under test. Subcommands print one JSON line each:
 *   latency      --dir D --count N --gap-ms G --files a,b --timeout-ms T [--prefix P] [--method mono|ctime]
 *                [--poll-ms M]   (mono: monotonic clock, checking every M ms; ctime: file timestamps)
 *   floor        --dir D --count N --gap-ms G --timeout-ms T [--prefix P] [--method mono|ctime]
 *   floor-watch  --dir D [--touch]                                           (the watcher process itself)
 *   storm        --dir D --writers W --dirs N --containers C --files a,b --settle-ms S --timeout-ms T
 *   storm-writer --dir D --writer K --pods P --containers C
 *   fill-cost    --dir D --count N --gap-ms G --files a,b                   (creating the files alone)
 *   logstats     --file F                                                    (a faker's JSON log)
 */
import { parseArgs } from "node:util";
import { runFloor, runFloorWatch } from "./bench-floor.js";
import { runFillCost } from "./bench-fillcost.js";
import { runLatency } from "./bench-latency.js";
import { logStats } from "./bench-logstats.js";
import { runStorm, runStormWriter } from "./bench-storm.js";
import { emit } from "./bench-util.js";

const STRINGS = ["dir", "count", "gap-ms", "files", "timeout-ms", "prefix", "writers", "dirs", "containers"];
const MORE = ["settle-ms", "writer", "pods", "file", "method", "poll-ms"];

function parse(argv: string[]) {
  const options = Object.fromEntries([...STRINGS, ...MORE].map((k) => [k, { type: "string" as const }]));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...options, touch: { type: "boolean" } },
  });
  const str = (k: string, fallback?: string): string => {
    const v = (values as Record<string, string | undefined>)[k] ?? fallback;
    if (v === undefined) throw new Error(`--${k} is required`);
    return v;
  };
  const num = (k: string, fallback?: number) =>
    Number(str(k, fallback === undefined ? undefined : String(fallback)));
  const files = () => str("files").split(",").filter(Boolean);
  return { command: positionals[0], str, num, files, touch: values.touch === true };
}

async function main(argv: string[]): Promise<void> {
  const a = parse(argv);
  const common = () => ({ dir: a.str("dir"), count: a.num("count"), gapMs: a.num("gap-ms", 10) });
  const method = () => (a.str("method", "mono") === "ctime" ? ("ctime" as const) : ("mono" as const));
  const timing = () => ({
    ...common(),
    timeoutMs: a.num("timeout-ms", 5000),
    prefix: a.str("prefix", "lat"),
    method: method(),
    pollMs: a.num("poll-ms", method() === "ctime" ? 0.2 : 0.05),
  });
  switch (a.command) {
    case "latency":
      return emit(runLatency({ ...timing(), files: a.files() }));
    case "floor":
      return emit(await runFloor(timing()));
    case "floor-watch":
      return runFloorWatch(a.str("dir"), a.touch);
    case "storm": {
      const sizes = {
        writers: a.num("writers", 4),
        dirs: a.num("dirs", 10_000),
        containers: a.num("containers", 4),
      };
      const waits = { settleMs: a.num("settle-ms", 15_000), timeoutMs: a.num("timeout-ms", 300_000) };
      return emit(await runStorm({ dir: a.str("dir"), files: a.files(), ...sizes, ...waits }));
    }
    case "storm-writer":
      return runStormWriter(a.str("dir"), a.num("writer"), a.num("pods"), a.num("containers"));
    case "fill-cost":
      return emit(runFillCost(a.str("dir"), a.files(), a.num("count"), a.num("gap-ms", 10)));
    case "logstats":
      return emit(logStats(a.str("file")));
    default:
      throw new Error(`unknown command "${a.command ?? ""}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench-driver: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
