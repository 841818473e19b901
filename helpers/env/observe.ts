/**
 * What a cell really is, measured before any test: inside the sandbox (kernel, dmesg, cgroup mounts, image
 * versions) and on the host (which runsc binary serves the container, its release and platform).
 */
import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { declaredPlatform } from "./cell.js";
import type { ExecRecord } from "../finding/evidence.js";
import { defaultPlatform, releaseOf } from "../host/runsc-binary.js";
import type { CellObservation } from "../report/results-schema.js";
import { runscProcesses } from "../sandbox/cleanup.js";
import { execInSandbox, shInSandbox } from "../sandbox/exec.js";

export interface SandboxProcessInfo {
  pid: number;
  exe: string;
  versionLine: string;
  release: string | null;
  platform: string | null;
  /** Droppable mappings of the sentry (vDSO getrandom state: `dp` in its smaps' VmFlags), or null: unreadable. */
  droppableMappings: number | null;
}

/** The runsc-sandbox process serving this container, and the release and platform it runs with. */
export async function observeSandboxProcess(containerId: string): Promise<SandboxProcessInfo | null> {
  const proc = runscProcesses().find((p) => p.role === "runsc-sandbox" && p.containerIds.includes(containerId));
  if (!proc) return null;
  const binary = `/proc/${proc.pid}/exe`;
  const version = await execa(binary, ["--version"], { reject: false, timeout: 15_000 });
  const versionLine = version.stdout.split("\n")[0]?.trim() ?? "";
  const cmdline = (await execa("cat", [`/proc/${proc.pid}/cmdline`], { reject: false })).stdout.split("\0");
  const flag = declaredPlatform(cmdline);
  const platform = flag ?? (await defaultPlatform(binary));
  const smaps = await readFile(`/proc/${proc.pid}/smaps`, "utf8").catch(() => null);
  const droppableMappings = smaps === null ? null : countDroppableMappings(smaps);
  return {
    pid: proc.pid,
    exe: proc.exe,
    versionLine,
    release: releaseOf(versionLine),
    platform,
    droppableMappings,
  };
}

/** Mappings whose VmFlags carry `dp` (VM_DROPPABLE, Linux 6.11 and later) in an smaps text. Pure. */
export function countDroppableMappings(smaps: string): number {
  return smaps.split("\n").filter((l) => /^VmFlags:.*\bdp\b/.test(l)).length;
}

/** `key=value` lines of /opt/gvisor-conformance/image-info, written at image build time. */
export function parseImageInfo(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .map((line) => /^([a-z]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

export interface InsideObservation {
  observation: Omit<CellObservation, "runscVersion" | "platform">;
  evidence: { label: string; exec: ExecRecord }[];
}

/** `timeoutMs` bounds each exec (the cell's start bound; default 120 s). */
export async function observeInside(containerId: string, timeoutMs?: number): Promise<InsideObservation> {
  const o = timeoutMs === undefined ? {} : { timeoutMs };
  const [uname, dmesg, mounts, info] = await Promise.all([
    execInSandbox(containerId, ["uname", "-r"], o),
    shInSandbox(containerId, "dmesg 2>&1 | head -n 1", o),
    execInSandbox(containerId, ["grep", "-E", "/sys/fs/cgroup| - cgroup2? ", "/proc/self/mountinfo"], o),
    execInSandbox(containerId, ["cat", "/opt/gvisor-conformance/image-info"], o),
  ]);
  const image = parseImageInfo(info.stdout);
  return {
    observation: {
      kernelRelease: uname.stdout.trim(),
      dmesgFirstLine: dmesg.stdout.split("\n")[0]?.trim() ?? "",
      cgroupMounts: mounts.stdout.split("\n").filter(Boolean),
      imageSuite: image.suite ?? "unknown",
      runcVersion: image.runc ?? "unknown",
      containerdVersion: image.containerd ?? "unknown",
      crunVersion: image.crun ?? "unknown",
    },
    evidence: [
      { label: "uname -r", exec: uname },
      { label: "dmesg, first line", exec: dmesg },
      { label: "cgroup lines of /proc/self/mountinfo", exec: mounts },
      { label: "image info", exec: info },
    ],
  };
}
