/**
 * Runsc binaries a user names (`--runsc PATH`, or GVC_RUNSC), with optional extra flags: this is how a
 * new gVisor release is checked against the current expectations.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { releaseOf, runscVersionLine } from "./runsc-binary.js";
import { runtimeNameFor, type RuntimeRegistration } from "./runtime-registry.js";

export interface ExtraRunsc {
  path: string;
  flags: string[];
}

/** From the environment: GVC_RUNSC=PATH[,PATH...], GVC_RUNSC_FLAGS="--platform=ptrace ...". */
export function extraRunscFromEnv(env: NodeJS.ProcessEnv = process.env): ExtraRunsc[] {
  const flags = splitFlags(env.GVC_RUNSC_FLAGS);
  return (env.GVC_RUNSC ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ path: path.resolve(p), flags }));
}

export function splitFlags(text: string | undefined): string[] {
  return (text ?? "").split(/\s+/).filter(Boolean);
}

/** Registration for a user's binary: named from its own release; a name clash with another path gets a hash. */
export async function registrationFor(
  extra: ExtraRunsc,
  baseArgs: readonly string[],
  taken: ReadonlyMap<string, string>,
): Promise<RuntimeRegistration> {
  if (!existsSync(extra.path)) throw new Error(`--runsc ${extra.path}: no such file`);
  const line = await runscVersionLine(extra.path);
  const release = releaseOf(line);
  if (!release) throw new Error(`--runsc ${extra.path}: cannot read a release from "${line}"`);
  let name = runtimeNameFor(release, extra.flags);
  const owner = taken.get(name);
  if (owner && owner !== extra.path)
    name += `-${createHash("sha256").update(extra.path).digest("hex").slice(0, 6)}`;
  return { name, path: extra.path, runtimeArgs: [...baseArgs, ...extra.flags], oneOff: true };
}

/**
 * The runtimes already registered for a user's binary: same path, runtime args = the base ones plus its flags.
 * This is how a run that names a binary (`--runsc`, GVC_RUNSC) finds its cells, also with `--skip-setup`.
 */
export function runtimesForExtra(
  extra: ExtraRunsc,
  runtimes: readonly { name: string; path: string; runtimeArgs?: readonly string[] }[],
  baseArgs: readonly string[],
): string[] {
  const want = [...baseArgs, ...extra.flags].join(" ");
  return runtimes
    .filter((r) => path.resolve(r.path) === path.resolve(extra.path) && (r.runtimeArgs ?? []).join(" ") === want)
    .map((r) => r.name);
}
