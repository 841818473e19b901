/**
 * Docker runtimes for runsc binaries: registered in /etc/docker/daemon.json under a name built from the
 * binary's release and its extra flags (`runsc-20240729`, `runsc-20240729-platform-kvm`).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { execa } from "execa";
import { reloadDockerConfig } from "./docker-engine.js";
import { log } from "./progress.js";

export const DAEMON_JSON = process.env.GVC_DOCKER_DAEMON_JSON ?? "/etc/docker/daemon.json";

export interface RuntimeRegistration {
  name: string;
  path: string;
  runtimeArgs: string[];
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
