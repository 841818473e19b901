/**
 * The runtimes to test, discovered from the engine: every runsc runtime plus the plain-runc baseline. Runtimes
 * the harness registered as one-off (`--runsc`) are marked, so that only runs that name them use them.
 */
import path from "node:path";
import { extraRunscFromEnv, runtimesForExtra } from "../host/extra-runsc.js";
import { RELEASE_NAME_SOURCE } from "../host/runsc-binary.js";
import { readReleasesFile } from "../host/runsc-install.js";
import { engineRuntimes, readRuntimesState, runtimeRole, type RuntimesState } from "../host/runtime-registry.js";
import type { Runtime } from "./cell.js";

/** A runtime is runsc when its binary is named runsc (whatever the runtime is called). */
export function runtimeFromEngine(
  name: string,
  entry: { path: string; runtimeArgs?: string[] },
  state: RuntimesState = { runtimes: {} },
): Runtime | null {
  if (path.basename(entry.path) !== "runsc") return null;
  const release = new RegExp(`^runsc-(${RELEASE_NAME_SOURCE})(?:-|$)`).exec(name)?.[1] ?? "unknown";
  const runtime: Runtime = {
    kind: "runsc",
    name,
    release,
    path: entry.path,
    runtimeArgs: entry.runtimeArgs ?? [],
  };
  if (runtimeRole(name, entry, state) === "one-off") runtime.oneOff = true;
  return runtime;
}

export async function discoverRuntimes(): Promise<Runtime[]> {
  const engine = await engineRuntimes();
  const state = readRuntimesState();
  const runsc = Object.entries(engine)
    .map(([name, entry]) => runtimeFromEngine(name, entry, state))
    .filter((r): r is Runtime => r !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...runsc, { kind: "runc", name: "runc" }];
}

/**
 * The `--cells` filter of a run: the explicit one, else the cells of the runtimes registered for the binaries
 * the run names (`--runsc` / GVC_RUNSC), else undefined (the default cells). Throws when a named binary has
 * no runtime in the engine (setup did not register it).
 */
export function cellFilterFor(
  explicit: string | undefined,
  extras: readonly { path: string; flags: string[] }[],
  runtimes: readonly Runtime[],
  baseArgs: readonly string[] = readReleasesFile().runtimeArgs,
): string | undefined {
  if (explicit) return explicit;
  if (extras.length === 0) return undefined;
  const runsc = runtimes.flatMap((r) => (r.kind === "runsc" ? [r] : []));
  const names = extras.flatMap((extra) => {
    const found = runtimesForExtra(extra, runsc, baseArgs);
    if (found.length === 0)
      throw new Error(
        `no Docker runtime runs ${extra.path} with ${[...baseArgs, ...extra.flags].join(" ")}: run without --skip-setup (or \`npm run setup -- --runsc ...\`) to register it`,
      );
    return found;
  });
  return [...new Set(names)].map((n) => `${n}.*`).join(",");
}

/** The run's named binaries from the environment (GVC_RUNSC, GVC_RUNSC_FLAGS), for `npm test`. */
export function extrasFromEnv(): { path: string; flags: string[] }[] {
  return extraRunscFromEnv();
}
