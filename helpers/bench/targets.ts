/**
 * What the faker benchmark compares: the TypeScript faker (inotify and poll), the research log's bash fakers
 * (fixtures/fakers), and the floor (a bare watcher; with `touch` it also creates cgroup.procs). Every faker
 * writes the same ten files (the log script's set) so that only the mechanism differs.
 */
import type { BenchEnv } from "./env.js";

/** The research log script's files, in its order: the set every faker writes in the benchmark. */
export const BENCH_FILES = [
  "cgroup.procs",
  "tasks",
  "memory.limit_in_bytes",
  "memory.usage_in_bytes",
  "cpu.shares",
  "cpu.cfs_quota_us",
  "cpu.cfs_period_us",
  "cpuset.cpus",
  "cpuset.mems",
  "pids.max",
];

/** Controller directories of the fake root (each with a k8s.io directory, where the bash fakers look). */
export const BENCH_CONTROLLERS = ["memory", "cpu", "cpuset", "pids"];

export type TargetId = "ts-inotify" | "bash-inotify" | "ts-poll" | "bash-poll" | "floor-touch";

/** A faker started in the background for a run, and how to know it is ready. */
export interface FakerTarget {
  id: TargetId;
  describe: string;
  argv(env: BenchEnv, root: string): string[];
  vars(root: string): Record<string, string>;
  ready(log: string): boolean;
  /** Files the driver waits for. */
  files: string[];
  needsInotifywait: boolean;
}

const tsFaker = (mode: "inotify" | "poll") => (env: BenchEnv, root: string) => [
  env.node,
  env.fakerJs,
  "--root",
  root,
  "--mode",
  mode,
  "--files",
  `*=${BENCH_FILES.join(",")}`,
];
const bashVars = (root: string) => ({ CGROUP_ROOT: root, SUBSYSTEMS: BENCH_CONTROLLERS.join(" ") });
const tsReady = (log: string) => log.includes('"event":"ready"');

export const TARGETS: Record<TargetId, FakerTarget> = {
  "ts-inotify": {
    id: "ts-inotify",
    describe: "TypeScript faker, --mode inotify",
    argv: tsFaker("inotify"),
    vars: () => ({}),
    ready: tsReady,
    files: BENCH_FILES,
    needsInotifywait: false,
  },
  "bash-inotify": {
    id: "bash-inotify",
    describe: "research log's bash inotifywait faker (fixtures/fakers/cgroup-faker-inotify.sh)",
    argv: (env) => ["bash", `${env.fakersDir}/cgroup-faker-inotify.sh`],
    vars: bashVars,
    ready: (log) => log.split("Watches established.").length - 1 >= BENCH_CONTROLLERS.length,
    files: BENCH_FILES,
    needsInotifywait: true,
  },
  "ts-poll": {
    id: "ts-poll",
    describe: "TypeScript faker, --mode poll (500 ms)",
    argv: tsFaker("poll"),
    vars: () => ({}),
    ready: tsReady,
    files: BENCH_FILES,
    needsInotifywait: false,
  },
  "bash-poll": {
    id: "bash-poll",
    describe: "research log's bash 0.5 s polling loop (fixtures/fakers/cgroup-faker-poll.sh)",
    argv: (env) => ["bash", `${env.fakersDir}/cgroup-faker-poll.sh`],
    vars: bashVars,
    ready: (log) => log.includes("Starting polling"),
    files: BENCH_FILES,
    needsInotifywait: false,
  },
  "floor-touch": {
    id: "floor-touch",
    describe: "bare watcher that only creates cgroup.procs (cheapest possible faker)",
    argv: (env, root) => [env.node, env.driverJs, "floor-watch", "--dir", `${root}/memory/k8s.io`, "--touch"],
    vars: () => ({}),
    ready: (log) => log.includes('"ready":true'),
    files: ["cgroup.procs"],
    needsInotifywait: false,
  },
};
