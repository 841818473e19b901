/**
 * The control files the faker writes into a new cgroup directory, per cgroup v1 controller.
 *
 * Defaults: the files the research log's script wrote (cgroup.procs, tasks, memory.limit_in_bytes,
 * memory.usage_in_bytes, cpu.shares, cpu.cfs_quota_us, cpu.cfs_period_us, cpuset.cpus, cpuset.mems, pids.max),
 * each only in its own controller, plus the few that runc 1.1 reads or writes there for a plain container
 * (memory stats/oom_control, cpu.stat, cpuacct usage, devices lists, freezer.state, pids.current, ...).
 * Contents are a fresh kernel cgroup's values, so a reader parsing them gets a number, not an empty string.
 */
import os from "node:os";

/** One file to create: name inside the cgroup directory and its initial content. */
export interface ControlFile {
  name: string;
  content: string;
}

const NO_LIMIT = "9223372036854771712\n";

function cpuRange(): string {
  const n = Math.max(1, os.cpus().length);
  return n === 1 ? "0\n" : `0-${n - 1}\n`;
}

/** Initial contents by file name; a name not listed here is created empty. */
export const DEFAULT_CONTENT: Readonly<Record<string, string>> = {
  "memory.limit_in_bytes": NO_LIMIT,
  "memory.soft_limit_in_bytes": NO_LIMIT,
  "memory.usage_in_bytes": "0\n",
  "memory.max_usage_in_bytes": "0\n",
  "memory.failcnt": "0\n",
  "memory.stat": "cache 0\nrss 0\nmapped_file 0\nswap 0\n",
  "memory.oom_control": "oom_kill_disable 0\nunder_oom 0\n",
  "memory.swappiness": "60\n",
  "memory.use_hierarchy": "1\n",
  "cpu.shares": "1024\n",
  "cpu.cfs_quota_us": "-1\n",
  "cpu.cfs_period_us": "100000\n",
  "cpu.stat": "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n",
  "cpuacct.usage": "0\n",
  "cpuacct.usage_percpu": "0\n",
  "cpuacct.stat": "user 0\nsystem 0\n",
  "cpuset.cpus": cpuRange(),
  "cpuset.mems": "0\n",
  "pids.max": "max\n",
  "pids.current": "0\n",
  "devices.list": "a *:* rwm\n",
  "freezer.state": "THAWED\n",
  "net_cls.classid": "0\n",
  "job.id": "0\n",
  "cgroup.controllers": "cpuset cpu memory pids\n",
  "cgroup.subtree_control": "\n",
  "cgroup.events": "populated 0\nfrozen 0\n",
  "memory.max": "max\n",
  "memory.current": "0\n",
  "cpu.max": "max 100000\n",
  "cpu.weight": "100\n",
};

/** Every cgroup directory has these; cgroup.procs first because runc opens it first. */
export const COMMON_FILES = ["cgroup.procs", "tasks"] as const;

/** Controller-specific names (cgroup v1). Unknown controllers (hugetlb, perf_event, name=systemd) get COMMON_FILES. */
export const CONTROLLER_FILES: Readonly<Record<string, readonly string[]>> = {
  memory: [
    "memory.limit_in_bytes",
    "memory.soft_limit_in_bytes",
    "memory.usage_in_bytes",
    "memory.max_usage_in_bytes",
    "memory.failcnt",
    "memory.stat",
    "memory.oom_control",
    "memory.swappiness",
    "memory.use_hierarchy",
  ],
  cpu: ["cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.stat"],
  cpuacct: ["cpuacct.usage", "cpuacct.usage_percpu", "cpuacct.stat"],
  cpuset: ["cpuset.cpus", "cpuset.mems"],
  pids: ["pids.max", "pids.current"],
  devices: ["devices.allow", "devices.deny", "devices.list"],
  freezer: ["freezer.state"],
  blkio: ["blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device"],
  net_cls: ["net_cls.classid"],
  net_prio: ["net_prio.ifpriomap"],
  job: ["job.id"],
  // cgroup v2: the one hierarchy's files runc's v2 manager reads and writes in a pod's cgroup (no `tasks` there).
  cgroup2: [
    "cgroup.controllers",
    "cgroup.subtree_control",
    "cgroup.events",
    "memory.max",
    "memory.current",
    "cpu.max",
    "cpu.weight",
    "pids.max",
    "pids.current",
  ],
};

/** Per-controller overrides from `--files`; the key `*` applies to every controller not named. */
export type FileOverrides = Readonly<Record<string, readonly string[]>>;

/** Puts cgroup.procs first and drops duplicates, keeping the rest in the given order. */
export function orderFiles(names: readonly string[]): string[] {
  const unique = [...new Set(names.filter((n) => n.length > 0))];
  return unique.includes("cgroup.procs")
    ? ["cgroup.procs", ...unique.filter((n) => n !== "cgroup.procs")]
    : unique;
}

/** The default names for a controller directory; `cpu,cpuacct` gets the union of both. */
export function defaultNames(controller: string): string[] {
  if (controller === "cgroup2") return orderFiles(["cgroup.procs", ...(CONTROLLER_FILES.cgroup2 ?? [])]);
  const parts = controller.split(",");
  return orderFiles([...COMMON_FILES, ...parts.flatMap((p) => CONTROLLER_FILES[p] ?? [])]);
}

/** The files (with contents) for every directory of one controller hierarchy. */
export function filesFor(controller: string, overrides: FileOverrides = {}): ControlFile[] {
  const names = overrides[controller] ?? overrides["*"] ?? defaultNames(controller);
  return orderFiles(names).map((name) => ({ name, content: DEFAULT_CONTENT[name] ?? "" }));
}

/** Parses `memory=cgroup.procs,memory.limit_in_bytes;cpu=cgroup.procs,cpu.shares` (throws on bad syntax). */
export function parseFilesSpec(spec: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of spec.split(";").map((s) => s.trim())) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const controller = part.slice(0, eq).trim();
    if (eq <= 0 || controller === "") throw new Error(`--files: expected controller=file,file in "${part}"`);
    const names = part
      .slice(eq + 1)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.some((n) => n.includes("/") || n === "." || n === ".."))
      throw new Error(`--files: file names must not contain "/" in "${part}"`);
    out[controller] = names;
  }
  return out;
}
