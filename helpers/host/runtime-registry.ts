/**
 * Docker runtimes for runsc binaries: registered in /etc/docker/daemon.json under a name built from the
 * binary's release and its extra flags (`runsc-20240729`, `runsc-20240729-platform-kvm`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { reloadDockerConfig } from "./docker-engine.js";
import { log } from "./progress.js";
import { RELEASE_NAME_SOURCE } from "./runsc-binary.js";
import { runscInstallDir } from "./runsc-install.js";

export const DAEMON_JSON = process.env.GVC_DOCKER_DAEMON_JSON ?? "/etc/docker/daemon.json";
/** The harness's own record of the runtimes it registered, and which of them are one-off. */
export const RUNTIMES_STATE = process.env.GVC_RUNTIMES_STATE ?? "/etc/gvisor-conformance/runtimes.json";

export interface RuntimeRegistration {
  name: string;
  path: string;
  runtimeArgs: string[];
  /** Registered to check a binary once (`--runsc`, GVC_RUNSC): not part of later default runs. */
  oneOff?: boolean;
}

/** release: one of fixtures/runsc-releases.json; one-off: a `--runsc` binary; foreign: not registered by us. */
export type RuntimeRole = "release" | "one-off" | "foreign";

export interface RuntimesState {
  runtimes: Record<
    string,
    { role: "release" | "one-off"; path: string; runtimeArgs: string[]; registeredAt: string }
  >;
}

export function readRuntimesState(file = RUNTIMES_STATE): RuntimesState {
  if (!existsSync(file)) return { runtimes: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<RuntimesState>;
    return { runtimes: parsed.runtimes ?? {} };
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${String(error)}); remove it and run \`npm run setup\``);
  }
}

function writeRuntimesState(state: RuntimesState, file = RUNTIMES_STATE): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const comment =
    "Docker runtimes registered by gvisor-conformance's setup: 'release' ones run by default, 'one-off' ones " +
    "(--runsc / GVC_RUNSC) only in a run that names them. `npm run runtimes -- list|remove NAME`.";
  writeFileSync(file, JSON.stringify({ $comment: comment, ...state }, null, 2) + "\n");
}

/** The state after registering: a name registered as a release in the same call stays a release. */
export function recordRegistrations(
  state: RuntimesState,
  registrations: readonly RuntimeRegistration[],
  now: Date,
): RuntimesState {
  const runtimes = { ...state.runtimes };
  const releases = new Set(registrations.filter((r) => r.oneOff !== true).map((r) => r.name));
  for (const r of registrations) {
    const role = releases.has(r.name) ? "release" : "one-off";
    const before = runtimes[r.name];
    if (
      before &&
      before.role === role &&
      before.path === r.path &&
      before.runtimeArgs.join(" ") === r.runtimeArgs.join(" ")
    )
      continue;
    runtimes[r.name] = { role, path: r.path, runtimeArgs: [...r.runtimeArgs], registeredAt: now.toISOString() };
  }
  return { runtimes };
}

/**
 * The default ("release") runtimes of the record that a setup did not register this time: left over from an
 * earlier setup whose fixtures named them. One-off runtimes are the user's, never stale.
 */
export function staleReleaseRuntimes(state: RuntimesState, registered: readonly RuntimeRegistration[]): string[] {
  const now = new Set(registered.map((r) => r.name));
  return Object.entries(state.runtimes)
    .filter(([name, entry]) => entry.role === "release" && !now.has(name))
    .map(([name]) => name)
    .sort();
}

/**
 * Which role a runtime the engine knows has. Recorded ones have their recorded role. Unrecorded ones under the
 * harness's install folder were registered before this record existed: `runsc-<YYYYMMDD>` is a release, a name
 * with anything after the date (flags, a hash) a one-off. Anything else is the host's own (runs by default).
 */
export function runtimeRole(
  name: string,
  entry: { path: string },
  state: RuntimesState,
  installDir: string = runscInstallDir(),
): RuntimeRole {
  const recorded = state.runtimes[name];
  if (recorded && recorded.path === entry.path) return recorded.role;
  if (!entry.path.startsWith(installDir.replace(/\/?$/, "/"))) return "foreign";
  return new RegExp(`^runsc-${RELEASE_NAME_SOURCE}$`).test(name) ? "release" : "one-off";
}

/** `runsc-<release>` plus a slug of the flags beyond the base ones, e.g. `-platform-kvm`. */
export function runtimeNameFor(release: string, extraFlags: readonly string[]): string {
  const slug = extraFlags
    .map((flag) => flag.replace(/^-+/, "").replace(/[^a-zA-Z0-9]+/g, "-"))
    .filter(Boolean)
    .join("-");
  return slug ? `runsc-${release}-${slug}` : `runsc-${release}`;
}

interface DaemonConfig {
  runtimes?: Record<string, { path: string; runtimeArgs?: string[] }>;
  [key: string]: unknown;
}

function readDaemonConfig(): DaemonConfig {
  if (!existsSync(DAEMON_JSON)) return {};
  try {
    return JSON.parse(readFileSync(DAEMON_JSON, "utf8")) as DaemonConfig;
  } catch (error) {
    throw new Error(
      `${DAEMON_JSON} is not valid JSON (${String(error)}); fix it by hand, setup will not overwrite it`,
    );
  }
}

/** Adds or updates runtimes in daemon.json, reloads the engine if anything changed, and checks the result. */
export async function registerRuntimes(registrations: readonly RuntimeRegistration[]): Promise<void> {
  const config = readDaemonConfig();
  const runtimes = { ...(config.runtimes ?? {}) };
  let changed = false;
  for (const r of registrations) {
    const want = { path: r.path, runtimeArgs: r.runtimeArgs };
    if (JSON.stringify(runtimes[r.name]) !== JSON.stringify(want)) {
      runtimes[r.name] = want;
      changed = true;
      log(`registering Docker runtime ${r.name} -> ${r.path} ${r.runtimeArgs.join(" ")}`);
    }
  }
  if (changed) {
    writeFileSync(DAEMON_JSON, JSON.stringify({ ...config, runtimes }, null, 2) + "\n");
    await reloadDockerConfig();
  }
  await waitForRuntimes(registrations.map((r) => r.name));
  const state = readRuntimesState();
  const next = recordRegistrations(state, registrations, new Date());
  if (JSON.stringify(next) !== JSON.stringify(state)) writeRuntimesState(next);
  for (const r of registrations.filter((x) => x.oneOff === true && next.runtimes[x.name]?.role === "one-off"))
    log(`${r.name} is a one-off runtime: only runs that name it use it; \`npm run runtimes -- remove ${r.name}\``);
}

/** A runsc runtime the engine knows, with its role for the harness. */
export interface ListedRuntime {
  name: string;
  path: string;
  runtimeArgs: string[];
  role: RuntimeRole;
  registeredAt: string | null;
}

/** Every runsc runtime in the engine (by binary name), with its role. */
export async function listRunscRuntimes(): Promise<ListedRuntime[]> {
  const state = readRuntimesState();
  return Object.entries(await engineRuntimes())
    .filter(([, entry]) => path.basename(entry.path) === "runsc")
    .map(([name, entry]) => ({
      name,
      path: entry.path,
      runtimeArgs: entry.runtimeArgs ?? [],
      role: runtimeRole(name, entry, state),
      registeredAt: state.runtimes[name]?.registeredAt ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Removes runtimes from daemon.json and from the record, and reloads the engine. Returns what it removed. */
export async function unregisterRuntimes(names: readonly string[]): Promise<string[]> {
  const config = readDaemonConfig();
  const runtimes = { ...(config.runtimes ?? {}) };
  const removed = names.filter((n) => n in runtimes);
  for (const n of removed) delete runtimes[n];
  if (removed.length > 0) {
    writeFileSync(DAEMON_JSON, JSON.stringify({ ...config, runtimes }, null, 2) + "\n");
    await reloadDockerConfig();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const known = await engineRuntimes();
      if (!removed.some((n) => n in known)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const state = readRuntimesState();
  const kept = Object.fromEntries(Object.entries(state.runtimes).filter(([n]) => !names.includes(n)));
  if (Object.keys(kept).length !== Object.keys(state.runtimes).length) writeRuntimesState({ runtimes: kept });
  return removed;
}

async function waitForRuntimes(names: string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  let known: string[] = [];
  while (Date.now() < deadline) {
    known = Object.keys(await engineRuntimes());
    if (names.every((n) => known.includes(n))) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const missing = names.filter((n) => !known.includes(n));
  throw new Error(
    `the engine does not list runtime(s) ${missing.join(", ")} after reload (it has: ${known.join(", ")})`,
  );
}

/** The runtimes the engine knows, as `docker info` reports them. */
export async function engineRuntimes(): Promise<Record<string, { path: string; runtimeArgs?: string[] }>> {
  const result = await execa("docker", ["info", "--format", "{{json .Runtimes}}"], { timeout: 15_000 });
  return JSON.parse(result.stdout) as Record<string, { path: string; runtimeArgs?: string[] }>;
}
