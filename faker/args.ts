/** Command line of the faker daemon, parsed with node:util parseArgs (no dependencies: it runs in the image). */
import { parseArgs } from "node:util";
import type { FakerOptions } from "./cgroup-faker.js";
import { parseFilesSpec } from "./control-files.js";

export const USAGE = `usage: node cgroup-faker.mjs [options]
  --root DIR               cgroup v1 root (default /sys/fs/cgroup)
  --controllers a,b        controller directories under the root (default: every subdirectory)
  --files c=f1,f2;c2=...   files per controller (default: see faker/README.md); '*=...' for all others
  --mode inotify|poll      watch with inotify (default) or poll like the research log's first daemon
  --interval-ms N          poll interval (default 500)
  --rescan-ms N            periodic safety rescan, 0 = off (default 5000)
  --allow-cgroupfs         also write into kernel cgroupfs directories (experiments only: can set limits)
  --help`;

/** Parsed command line: faker options, or a request for the usage text. */
export type ParsedArgs = { help: true } | { help: false; options: FakerOptions };

function positiveInt(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

/** Parses argv (without node and script); throws with a readable message on bad input. */
export function parseFakerArgs(argv: readonly string[]): ParsedArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      root: { type: "string" },
      controllers: { type: "string" },
      files: { type: "string" },
      mode: { type: "string" },
      "interval-ms": { type: "string" },
      "rescan-ms": { type: "string" },
      "allow-cgroupfs": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
  const mode = values.mode ?? "inotify";
  if (mode !== "inotify" && mode !== "poll") throw new Error(`--mode must be inotify or poll, got "${mode}"`);
  const options: FakerOptions = {
    root: values.root ?? "/sys/fs/cgroup",
    mode,
    intervalMs: positiveInt("interval-ms", values["interval-ms"], 500, 1),
    rescan: { periodMs: positiveInt("rescan-ms", values["rescan-ms"], 5000, 0) },
    allowCgroupfs: values["allow-cgroupfs"] ?? false,
  };
  const controllers = list(values.controllers);
  if (controllers) options.controllers = controllers;
  if (values.files !== undefined) options.files = parseFilesSpec(values.files);
  return { help: false, options };
}
