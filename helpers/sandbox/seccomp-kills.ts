/**
 * A sandbox that dies of SIGSYS was (almost always) killed by the host kernel's seccomp: runsc installs a filter
 * on its own sentry, and a host syscall the filter does not allow ends the whole sandbox (no runsc log says so:
 * the process is gone). The kernel records each such kill (audit type 1326: pid, exe, signal, syscall number),
 * in its log when no audit daemon runs: this names the syscall, as evidence.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";

/** One seccomp kill the host kernel recorded. */
export interface SeccompKill {
  /** When, in ms since the epoch (the audit record's own timestamp). */
  atMs: number;
  pid: number;
  comm: string;
  exe: string;
  signal: number;
  arch: string;
  syscall: number;
  /** The syscall's name where the table knows the architecture and number. */
  syscallName: string | null;
  /** The record as the kernel logged it. */
  line: string;
}

const RECORD =
  /audit: type=1326 audit\((\d+)\.(\d+):\d+\):.*?\bpid=(\d+) comm="([^"]*)" exe="([^"]*)" sig=(\d+) arch=(\w+) syscall=(\d+)/;
const ARCH_NAMES: Record<string, string> = { c000003e: "x86_64" };

let table: Record<string, Record<string, string>> | undefined;
function syscallTable(): Record<string, Record<string, string>> {
  table ??= JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../fixtures/syscalls-x86_64.json"), "utf8"),
  ) as Record<string, Record<string, string>>;
  return table;
}

export function syscallName(arch: string, nr: number): string | null {
  const name = ARCH_NAMES[arch];
  return name ? (syscallTable()[name]?.[String(nr)] ?? null) : null;
}

/** Every seccomp record in a kernel log (dmesg's text), oldest first. Pure. */
export function parseSeccompKills(kernelLog: string): SeccompKill[] {
  return kernelLog.split("\n").flatMap((line): SeccompKill[] => {
    const m = RECORD.exec(line);
    if (!m) return [];
    const [, sec, ms, pid, comm, exe, sig, arch, nr] = m as unknown as string[];
    return [
      {
        atMs: Number(sec) * 1000 + Number(ms),
        pid: Number(pid),
        comm: comm as string,
        exe: exe as string,
        signal: Number(sig),
        arch: arch as string,
        syscall: Number(nr),
        syscallName: syscallName(arch as string, Number(nr)),
        line: line.trim(),
      },
    ];
  });
}

/** `syscall 435 (clone3)` */
export function describeSyscall(kill: Pick<SeccompKill, "syscall" | "syscallName">): string {
  return `syscall ${kill.syscall}${kill.syscallName ? ` (${kill.syscallName})` : ""}`;
}

/**
 * The kills of a runsc process between two times (a container's start and end, ISO strings from Docker; a
 * second of slack each side). The sandbox's pid where Docker knows it narrows them to that process.
 */
export function sandboxKills(
  kills: readonly SeccompKill[],
  window: { startedAt: string; finishedAt: string; pid?: number },
): SeccompKill[] {
  const from = Date.parse(window.startedAt) - 1000;
  const to = Date.parse(window.finishedAt) + 1000;
  return kills.filter(
    (k) =>
      /runsc/.test(k.exe) &&
      (Number.isNaN(from) || k.atMs >= from) &&
      (Number.isNaN(to) || k.atMs <= to) &&
      (window.pid === undefined || window.pid === 0 || k.pid === window.pid),
  );
}

/** The host kernel's log, or why it cannot be read (not root, dmesg restricted, no dmesg). */
export async function readKernelLog(): Promise<{ text: string } | { error: string }> {
  const r = await execa("dmesg", [], { reject: false, timeout: 15_000 });
  if (r.exitCode === 0) return { text: String(r.stdout) };
  const why = String(r.stderr || r.message || "").split("\n")[0] ?? "";
  return { error: `dmesg failed (${r.exitCode ?? "no status"}): ${why}` };
}
