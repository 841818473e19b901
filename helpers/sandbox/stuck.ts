/**
 * Containers that do not start or do not go: the host processes that serve a container (runsc, runsc-sandbox,
 * runsc-gofer, the containerd shim), what the runtime said (for a blocked cell's evidence), and removal that
 * ends those processes first so that `docker rm -f` cannot hang on them. Every docker call has a timeout.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import type { EvidenceItem } from "../finding/evidence.js";
import { thawAll } from "./idle-freezer.js";
import { removeHostCgroupDirsSync } from "./host-cgroups.js";

/** Where containerd keeps a task's bundle under the Debian engine (runsc writes its log.json there). */
const TASK_DIRS = [
  "/var/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby",
  "/run/containerd/io.containerd.runtime.v2.task/moby",
];
const DOCKERD_LOGS = ["/var/log/gvisor-conformance-dockerd.log", "/var/log/docker.log"];

export interface HostProcess {
  pid: number;
  /** runsc (create/start/delete...), runsc-sandbox, runsc-gofer or containerd-shim. */
  role: string;
  /** /proc/<pid>/stat state: R running, S sleeping, D uninterruptible, Z zombie... */
  state: string;
  wchan: string;
  argv: string;
  containerIds: string[];
}

/**
 * The role of a host process from its argv, or null when it is not one that serves containers. Docker wraps a
 * runtime registered with runtimeArgs in a script under /var/lib/docker/runtimes/ (`/bin/sh <script> ...`).
 */
export function roleOf(argv: readonly string[]): string | null {
  const base = path.basename(argv[0] ?? "");
  if (base === "runsc-sandbox" || base === "runsc-gofer" || base === "runsc") return base;
  if (base.startsWith("containerd-shim")) return "containerd-shim";
  if (/^(ba|da)?sh$/.test(base) && (argv[1] ?? "").startsWith("/var/lib/docker/runtimes/"))
    return "runtime-wrapper";
  return null;
}

/** 64-hex container ids in a command line. */
export function containerIdsIn(argv: string): string[] {
  return [...new Set(argv.match(/\b[0-9a-f]{64}\b/g) ?? [])];
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** runsc and shim processes on the host, with the container ids in their command lines. */
export function containerProcesses(): HostProcess[] {
  const found: HostProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const argvList = read(`/proc/${entry}/cmdline`).split("\0").filter(Boolean);
    const role = roleOf(argvList);
    if (role === null) continue;
    const argv = argvList.join(" ");
    const stat = read(`/proc/${entry}/stat`);
    const state = /\) (\S)/.exec(stat)?.[1] ?? "?";
    found.push({
      pid: Number(entry),
      role,
      state,
      wchan: read(`/proc/${entry}/wchan`).trim(),
      argv: argv.length > 300 ? `${argv.slice(0, 300)}...` : argv,
      containerIds: containerIdsIn(argv),
    });
  }
  return found;
}

/** SIGKILLs the runsc and shim processes whose command line names one of the containers. */
export function killProcessesOf(ids: readonly string[]): HostProcess[] {
  thawAll(ids); // a frozen process does not die until thawed
  const wanted = new Set(ids);
  const victims = containerProcesses().filter((p) => p.containerIds.some((id) => wanted.has(id)));
  for (const p of victims) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return victims;
}

export interface RemovalReport {
  removed: string[];
  /** Containers still in the engine afterwards, with the last error. */
  failed: { id: string; error: string }[];
  /** Host processes ended first. */
  killed: HostProcess[];
}

function short(id: string): string {
  return id.slice(0, 12);
}

export function describeRemovalFailures(report: RemovalReport): string {
  return report.failed.map((f) => `${short(f.id)} (${f.error.split("\n")[0]?.trim() ?? ""})`).join(", ");
}

function dockerSync(args: string[], timeoutMs: number): { ok: boolean; out: string; error: string } {
  try {
    const out = execFileSync("docker", args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    return { ok: true, out, error: "" };
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message?: string };
    const why = e.code === "ETIMEDOUT" ? `docker ${args[0]} timed out after ${timeoutMs / 1000} s` : "";
    return { ok: false, out: "", error: why || String(e.stderr || e.message || error).trim() };
  }
}

async function dockerAsync(
  args: string[],
  timeoutMs: number,
): Promise<{ ok: boolean; out: string; error: string }> {
  const r = await execa("docker", args, { reject: false, timeout: timeoutMs, killSignal: "SIGKILL" });
  if (r.timedOut) return { ok: false, out: "", error: `docker ${args[0]} timed out after ${timeoutMs / 1000} s` };
  return { ok: r.exitCode === 0, out: String(r.stdout), error: String(r.stderr).trim() };
}

type Docker = (args: string[], timeoutMs: number) => { ok: boolean; out: string; error: string };

/** Container id -> state (created, running, exited, ...) for the given ids still in the engine; null if docker fails. */
function statesOf(docker: Docker, ids: readonly string[]): Map<string, string> | null {
  const r = docker(["ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}}"], 20_000);
  if (!r.ok) return null;
  const wanted = new Set(ids);
  return new Map(
    r.out
      .split("\n")
      .map((l) => l.trim().split(" ") as [string, string?])
      .filter(([id]) => wanted.has(id))
      .map(([id, state]) => [id, state ?? "?"]),
  );
}

/**
 * `docker rm -f` of containers, synchronously (signal handlers, `npm run cleanup`): containers that never got
 * past "created" (a start that hangs) have their runsc and shim processes ended first; a container whose
 * removal times out gets the same, then one more try. Never throws.
 */
export function forceRemoveSync(ids: readonly string[], docker: Docker = dockerSync): RemovalReport {
  const report: RemovalReport = { removed: [], failed: [], killed: [] };
  if (ids.length === 0) return report;
  thawAll(ids); // runsc cannot stop a frozen sandbox: `docker rm -f` would wait on it
  const states = statesOf(docker, ids);
  const stuck = ids.filter((id) => {
    const s = states?.get(id);
    return s === undefined ? states === null : s !== "running" && s !== "exited";
  });
  report.killed.push(...killProcessesOf(stuck));
  const errors = new Map<string, string>();
  for (const id of ids) {
    let r = docker(["rm", "-f", "-v", id], 30_000);
    if (!r.ok && !/No such container/i.test(r.error)) {
      report.killed.push(...killProcessesOf([id]));
      r = docker(["rm", "-f", "-v", id], 30_000);
    }
    if (!r.ok && !/No such container/i.test(r.error)) errors.set(id, r.error);
  }
  const left = statesOf(docker, ids);
  for (const id of ids) {
    if (left !== null && !left.has(id)) {
      report.removed.push(id);
      if (stuck.includes(id)) removeHostCgroupDirsSync(id); // the engine did not stop it: its cgroups stay
    } else
      report.failed.push({ id, error: errors.get(id) ?? (left === null ? "docker ps failed" : "still listed") });
  }
  return report;
}

/**
 * The same, for the running harness (a blocked cell), without blocking the event loop: ends the containers'
 * runsc and shim processes, runs `afterKill` (docker answers about the containers again), removes them.
 */
export async function forceRemove(
  ids: readonly string[],
  afterKill: () => Promise<void> = async () => undefined,
): Promise<RemovalReport> {
  const report: RemovalReport = { removed: [], failed: [], killed: [] };
  if (ids.length === 0) return report;
  thawAll(ids);
  report.killed.push(...killProcessesOf(ids));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await afterKill();
  const errors = new Map<string, string>();
  for (const id of ids) {
    let r = await dockerAsync(["rm", "-f", "-v", id], 30_000);
    if (!r.ok && !/No such container/i.test(r.error)) {
      report.killed.push(...killProcessesOf([id]));
      r = await dockerAsync(["rm", "-f", "-v", id], 30_000);
    }
    if (!r.ok && !/No such container/i.test(r.error)) errors.set(id, r.error);
  }
  const ps = await dockerAsync(["ps", "-aq", "--no-trunc"], 20_000);
  const left = new Set(ps.ok ? ps.out.split("\n").filter(Boolean) : ids);
  for (const id of ids) {
    if (!left.has(id)) {
      report.removed.push(id);
      removeHostCgroupDirsSync(id); // its processes were killed, not stopped by the engine: its cgroups stay
    } else report.failed.push({ id, error: errors.get(id) ?? (ps.ok ? "still listed" : "docker ps failed") });
  }
  return report;
}

/** Containers of one run and cell, by label, whatever their state (a hung start has no id handed back yet). */
export async function containersByLabels(labels: Record<string, string>): Promise<string[]> {
  const filters = Object.entries(labels).flatMap(([k, v]) => ["--filter", `label=${k}=${v}`]);
  const r = await dockerAsync(["ps", "-aq", "--no-trunc", ...filters], 20_000);
  return r.ok ? r.out.split("\n").filter(Boolean) : [];
}

function tail(text: string, max: number): string {
  return text.length > max ? `[...${text.length - max} earlier characters]\n${text.slice(-max)}` : text;
}

/**
 * What the host shows about containers that did not start, taken before their processes are ended: the state of
 * their runsc and shim processes, runsc's own log (log.json in the task bundle), the engine log's lines.
 */
export function hostEvidence(ids: readonly string[]): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const processes = containerProcesses();
  if (ids.length === 0) {
    items.push({
      label: "container",
      kind: "text",
      text: "no container with this run's and cell's labels exists in the engine (docker create did not return)",
    });
  }
  for (const id of ids) {
    const mine = processes.filter((p) => p.containerIds.includes(id));
    items.push({
      label: `host processes serving ${short(id)} (state R = running, S = sleeping, D = uninterruptible)`,
      kind: "json",
      json: mine.map(({ pid, role, state, wchan, argv }) => ({ pid, role, state, wchan, argv })),
    });
    for (const dir of TASK_DIRS) {
      const file = path.join(dir, id, "log.json");
      if (existsSync(file))
        items.push({
          label: `runsc log ${file}`,
          kind: "text",
          text: tail(read(file), 6000) || "(empty: runsc logged nothing)",
        });
    }
    for (const file of DOCKERD_LOGS) {
      const lines = read(file)
        .split("\n")
        .filter((l) => l.includes(short(id)));
      if (lines.length > 0)
        items.push({
          label: `engine log ${file}: lines naming ${short(id)}`,
          kind: "text",
          text: tail(lines.slice(-20).join("\n"), 4000),
        });
    }
  }
  return items;
}

/**
 * What docker says about the containers: State (its Error says why the runtime failed) and `docker logs`. Taken
 * after their processes are ended: while a start hangs, the engine holds the container and both calls hang.
 */
export async function dockerEvidence(ids: readonly string[]): Promise<EvidenceItem[]> {
  const items: EvidenceItem[] = [];
  for (const id of ids) {
    const inspect = await dockerAsync(["inspect", "--format", "{{json .State}}", id], 15_000);
    let state: unknown = inspect.error;
    try {
      state = inspect.ok ? (JSON.parse(inspect.out) as unknown) : inspect.error;
    } catch {
      state = inspect.out;
    }
    items.push({
      label: `docker inspect ${short(id)}: State, after the harness ended its processes`,
      kind: "json",
      json: state,
    });
    const logs = await execa("docker", ["logs", "--tail", "50", id], {
      reject: false,
      timeout: 15_000,
      all: true,
    });
    items.push({
      label: `docker logs ${short(id)}`,
      kind: "text",
      text: logs.timedOut ? "docker logs timed out after 15 s" : tail(String(logs.all ?? ""), 4000) || "(empty)",
    });
  }
  return items;
}
