/**
 * The host processes of a platform probe (`runsc --root=<tmp>/gvc-platform-probe-<owner pid>-XXXX do /bin/true`)
 * and how to end them: the probe runs in its own process group, and its sandbox and gofer are its children with
 * a root of their own (`--root=/tmp/runsc-do<N>`, runsc's bundle folder, which only a normal end removes). A
 * probe must not outlive the run that started it: it is ended with its children when the run is interrupted, and
 * `npm run cleanup` ends the probes whose run is gone.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const PROBE_ROOT_PREFIX = "gvc-platform-probe-";

/** The folder prefix of this process's probes (mkdtemp adds the rest): the owner's pid is in the name. */
export function probeRootPrefix(ownerPid = process.pid, tmp = os.tmpdir()): string {
  return path.join(tmp, `${PROBE_ROOT_PREFIX}${ownerPid}-`);
}

/** The probe root and its owner's pid named in a command line (`--root=.../gvc-platform-probe-<pid>-XXXX`). */
export function probeRootIn(argv: string): { root: string; owner: number } | null {
  const m = new RegExp(`--root=(\\S*/${PROBE_ROOT_PREFIX}(\\d+)-[^\\s/]+)`).exec(argv);
  return m?.[1] && m[2] ? { root: m[1], owner: Number(m[2]) } : null;
}

/** runsc's `do` bundle folders named in a command line (`--root=/tmp/runsc-do123`, `--bundle=...`). */
export function runscDoDirsIn(argv: string): string[] {
  return [...new Set([...argv.matchAll(/=(\/\S*\/runsc-do\d+)(?=\s|$)/g)].map((m) => m[1] ?? ""))].filter(Boolean);
}

export interface ProcEntry {
  pid: number;
  ppid: number;
  argv: string;
}

/** `pid` and every process below it. */
export function treeOf(pid: number, table: readonly ProcEntry[]): ProcEntry[] {
  const out: ProcEntry[] = [];
  const want = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of table)
      if ((want.has(p.pid) || want.has(p.ppid)) && !out.includes(p)) {
        out.push(p);
        want.add(p.pid);
        grew = true;
      }
  }
  return out;
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export function procTable(): ProcEntry[] {
  const table: ProcEntry[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    const ppid = Number(/\) \S (\d+)/.exec(stat)?.[1] ?? -1);
    const argv = read(`/proc/${entry}/cmdline`).split("\0").filter(Boolean).join(" ");
    if (argv) table.push({ pid: Number(entry), ppid, argv });
  }
  return table;
}

/**
 * SIGKILLs a probe (its group, its process tree, anything carrying its root) and removes its folders and the
 * `runsc do` bundle folders its children named. Synchronous: callable from signal and exit handlers.
 */
export function killProbeSync(pid: number | undefined, root: string): number {
  const tree = pid === undefined ? [] : treeOf(pid, procTable());
  const doDirs = tree.flatMap((p) => runscDoDirsIn(p.argv));
  let killed = 0;
  if (pid !== undefined)
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // no such group any more
    }
  for (const p of tree)
    try {
      process.kill(p.pid, "SIGKILL");
      killed++;
    } catch {
      // already gone
    }
  spawnSync("pkill", ["-KILL", "-f", `--root=${root}`], { stdio: "ignore", timeout: 10_000 });
  for (const dir of [root, ...doDirs]) rmSync(dir, { recursive: true, force: true });
  return killed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends the probes whose owning run is gone (a run killed with SIGKILL); returns how many processes it ended. */
export function reapOrphanProbesSync(): number {
  let killed = 0;
  for (const p of procTable()) {
    const probe = probeRootIn(p.argv);
    if (!probe || alive(probe.owner) || !/(^|\/)runsc\s/.test(`${p.argv.split(" ")[0] ?? ""} `)) continue;
    killed += killProbeSync(p.pid, probe.root);
  }
  return killed;
}
