/**
 * Where the faker benchmark runs: a runsc sandbox (plain `docker run`, the freshly bundled faker bind-mounted)
 * or this host with its own Node. Both are driven the same way: argv in, stdout out.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { LABEL_MANAGED, LABEL_OWNER_PID } from "../sandbox/labels.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const IN_IMAGE = "/opt/gvisor-conformance";

/** One place to benchmark in: its paths and how to run a command there. */
export interface BenchEnv {
  name: string;
  kind: "host" | "runsc";
  node: string;
  fakerJs: string;
  driverJs: string;
  fakersDir: string;
  workDir: string;
  exec(argv: readonly string[], timeoutMs?: number): Promise<string>;
  dispose(): Promise<void>;
}

/** Containers started by this process, removed on exit and on SIGINT/SIGTERM. */
export const liveContainers = new Set<string>();
/** Every container this process started, to check that no runsc process of theirs is left behind. */
export const startedContainers = new Set<string>();

/** Synchronous removal for signal handlers. */
export function removeLiveContainersSync(): void {
  for (const id of liveContainers) {
    try {
      execFileSync("docker", ["rm", "-f", id], { stdio: "ignore", timeout: 60_000 });
    } catch {
      // already gone
    }
    liveContainers.delete(id);
  }
}

async function run(argv: readonly string[], timeoutMs = 600_000): Promise<string> {
  const [file, ...args] = argv as [string, ...string[]];
  const result = await execa(file, args, { timeout: timeoutMs, reject: false, stripFinalNewline: false });
  if (result.exitCode !== 0)
    throw new Error(
      `${argv.slice(0, 6).join(" ")} exited ${result.exitCode}: ${String(result.stderr).slice(-2000)}`,
    );
  return String(result.stdout);
}

/** This host: the host's Node, the bundles and fixtures from the work tree, a tmpfs work dir in /dev/shm. */
export function hostEnv(): BenchEnv {
  const workDir = mkdtempSync("/dev/shm/gvc-bench-faker-");
  return {
    name: "host",
    kind: "host",
    node: process.execPath,
    fakerJs: path.join(ROOT, "fixtures/image/faker/cgroup-faker.mjs"),
    driverJs: path.join(ROOT, "fixtures/image/faker/bench-driver.mjs"),
    fakersDir: path.join(ROOT, "fixtures/fakers"),
    workDir,
    exec: run,
    dispose: async () => rmSync(workDir, { recursive: true, force: true }),
  };
}

/** A sandbox of one runsc runtime, with a tmpfs mounted at /tmp/bench-cgroup as the fake cgroup root. */
export async function sandboxEnv(runtime: string, image: string): Promise<BenchEnv> {
  const args = ["run", "-d", "--rm", `--runtime=${runtime}`, "--privileged"];
  args.push("--label", `${LABEL_MANAGED}=true`, "--label", `${LABEL_OWNER_PID}=${process.pid}`);
  args.push("-v", `${path.join(ROOT, "fixtures/image/faker")}:${IN_IMAGE}/faker:ro`);
  args.push("-v", `${path.join(ROOT, "fixtures/fakers")}:${IN_IMAGE}/fakers:ro`);
  const id = (await run(["docker", ...args, image, "sleep", "infinity"], 120_000)).trim();
  liveContainers.add(id);
  startedContainers.add(id);
  const exec = (argv: readonly string[], timeoutMs?: number) => run(["docker", "exec", id, ...argv], timeoutMs);
  const workDir = "/tmp/bench-cgroup";
  await exec(["sh", "-c", `mkdir -p ${workDir} && mount -t tmpfs -o size=1g bench ${workDir}`]);
  return {
    name: runtime,
    kind: "runsc",
    node: "node",
    fakerJs: `${IN_IMAGE}/faker/cgroup-faker.mjs`,
    driverJs: `${IN_IMAGE}/faker/bench-driver.mjs`,
    fakersDir: `${IN_IMAGE}/fakers`,
    workDir,
    exec,
    dispose: async () => {
      await run(["docker", "rm", "-f", id], 120_000).catch(() => "");
      liveContainers.delete(id);
    },
  };
}

/** Every runtime the engine knows whose binary is called runsc, sorted by name. */
export async function runscRuntimes(): Promise<string[]> {
  const json = await run(["docker", "info", "--format", "{{json .Runtimes}}"]);
  const runtimes = JSON.parse(json) as Record<string, { path?: string }>;
  return Object.entries(runtimes)
    .filter(([, r]) => r.path === "runsc" || r.path?.endsWith("/runsc"))
    .map(([name]) => name)
    .sort();
}
