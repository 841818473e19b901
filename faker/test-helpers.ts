/** Shared by the faker's unit tests: a temporary "cgroup root" on tmpfs when there is one, and waiting. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { CgroupFaker, type FakerOptions } from "./cgroup-faker.js";
import type { DirOutcome, ErrorEvent, ReadyEvent, RescanEvent } from "./events.js";

/** A fresh root with the given controllers, each with a k8s.io directory (like containerd's). */
export function tempRoot(controllers: readonly string[] = ["memory", "cpu"]): string {
  const base = existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const root = mkdtempSync(path.join(base, "gvc-faker-"));
  for (const c of controllers) mkdirSync(path.join(root, c, "k8s.io"), { recursive: true });
  return root;
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Polls a condition every 5 ms; throws with `what` after timeoutMs. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Everything a faker emitted, by event. */
export interface Recorded {
  ready: ReadyEvent[];
  created: DirOutcome[];
  errors: ErrorEvent[];
  rescans: RescanEvent[];
  filledPaths(): Set<string>;
}

/** Creates a faker on options, records its events, starts it. */
export function startFaker(options: FakerOptions): { faker: CgroupFaker; rec: Recorded } {
  const faker = new CgroupFaker({ rescan: { periodMs: 0 }, ...options });
  const rec: Recorded = {
    ready: [],
    created: [],
    errors: [],
    rescans: [],
    filledPaths: () => new Set(rec.created.filter((e) => e.event === "filled").map((e) => e.path)),
  };
  faker.on("ready", (e) => rec.ready.push(e));
  faker.on("created", (e) => rec.created.push(e));
  faker.on("error", (e) => rec.errors.push(e));
  faker.on("rescan", (e) => rec.rescans.push(e));
  faker.start();
  return { faker, rec };
}

/** True when every named file exists in dir. */
export function hasFiles(dir: string, names: readonly string[]): boolean {
  return names.every((n) => existsSync(path.join(dir, n)));
}

/**
 * A faker on a fresh temp root per `setup` call, closed and removed after each test; `cleanup` takes more
 * after-test work. Registers its own afterEach.
 */
export function fakerPerTest() {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
  });
  const setup = (options: Partial<FakerOptions> = {}) => {
    const root = tempRoot();
    const started = startFaker({ root, ...options });
    cleanup.push(
      () => started.faker.close(),
      () => removeRoot(root),
    );
    return { root, k8s: path.join(root, "memory", "k8s.io"), ...started };
  };
  return { setup, cleanup };
}
