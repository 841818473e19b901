/**
 * Does a runsc platform work on this host? A quick, bounded probe before a cell of a runtime that declares
 * its platform (`--platform=kvm`, `--platform=ptrace`) is started: `runsc <flags> do /bin/true`, a trivial
 * sandbox outside Docker. Where KVM does not really work the sandbox spins without a word and never ends
 * (measured here: /dev/kvm exists, `runsc --platform=kvm do /bin/true` was still running after 20 s, while
 * systrap took 0.3 s and ptrace 0.8 s), so the bound decides, and the cell is blocked within seconds instead of
 * at the sandbox start bound.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { execa } from "execa";
import type { EvidenceItem } from "../finding/evidence.js";
import { declaredPlatform } from "../env/cell.js";
import { positiveSeconds } from "../env/seconds.js";
import { killProbeSync, probeRootPrefix } from "./probe-processes.js";

export const DEFAULT_PLATFORM_PROBE_SECONDS = 15;

/** GVC_PLATFORM_PROBE_SECONDS (default 15), a positive number. */
export const platformProbeSeconds = (env: NodeJS.ProcessEnv = process.env): number =>
  positiveSeconds(env, "GVC_PLATFORM_PROBE_SECONDS", DEFAULT_PLATFORM_PROBE_SECONDS);

export interface PlatformProbeResult {
  platform: string;
  ok: boolean;
  /** One line: what the probe saw. */
  reason: string;
  evidence: EvidenceItem[];
}

/** What the host offers a platform: the device and CPU flags for kvm, nothing to check for the others. */
export function hostFactsFor(platform: string, cpuinfo: string, kvmDevice: boolean): string {
  if (platform !== "kvm") return "";
  const flags = new Set(
    cpuinfo
      .split("\n")
      .filter((l) => l.startsWith("flags"))
      .flatMap((l) => l.split(":")[1]?.trim().split(/\s+/) ?? []),
  );
  const virt = ["vmx", "svm"].filter((f) => flags.has(f));
  return `/dev/kvm ${kvmDevice ? "present" : "absent"}; CPU virtualization flags: ${virt.join(", ") || "none"}`;
}

/** Why: the one-line reason of a probe, from how it ended. */
export function probeReason(
  platform: string,
  argv: readonly string[],
  end: { timedOut: boolean; exitCode: number | null; stderr: string; ms: number; boundMs: number },
  hostFacts: string,
): { ok: boolean; reason: string } {
  const facts = hostFacts ? ` (${hostFacts})` : "";
  const command = `\`${argv.join(" ")}\``;
  if (end.timedOut)
    return {
      ok: false,
      reason: `platform ${platform} does not work here: ${command} did not finish within ${end.boundMs / 1000} s, killed${facts}`,
    };
  if (end.exitCode !== 0) {
    const last = end.stderr.trim().split("\n").at(-1) ?? "";
    return {
      ok: false,
      reason: `platform ${platform} does not work here: ${command} exited ${end.exitCode}${last ? `: ${last}` : ""}${facts}`,
    };
  }
  return {
    ok: true,
    reason: `platform ${platform}: a trivial sandbox ran in ${(end.ms / 1000).toFixed(1)} s${facts}`,
  };
}

/** Runs the probe: its own state folder (so that whatever it leaves can be found and ended), killed at the bound. */
export async function probePlatform(
  binary: string,
  runtimeArgs: readonly string[],
  boundMs = platformProbeSeconds() * 1000,
): Promise<PlatformProbeResult> {
  const platform = declaredPlatform(runtimeArgs) ?? "default";
  const root = mkdtempSync(probeRootPrefix());
  const argv = [binary, `--root=${root}`, ...runtimeArgs, "do", "/bin/true"];
  const t0 = performance.now();
  const child = spawn(argv[0] ?? binary, argv.slice(1), { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  running.set(root, child.pid);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => void (stderr = (stderr + String(d)).slice(-4000)));
  let timedOut = false;
  const exitCode = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      killProbeSync(child.pid, root);
    }, boundMs);
    child.on("error", (e) => ((stderr += String(e)), clearTimeout(timer), resolve(null)));
    child.on("exit", (code) => (clearTimeout(timer), resolve(code)));
  });
  const ms = performance.now() - t0;
  killProbeSync(child.pid, root); // the sandbox and gofer of a probe that ended badly, and its folders
  running.delete(root);
  const leftover = await execa("pgrep", ["-f", `--root=${root}`], { reject: false });
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const facts = hostFactsFor(platform, cpuinfo, existsSync("/dev/kvm"));
  const { ok, reason } = probeReason(platform, argv, { timedOut, exitCode, stderr, ms, boundMs }, facts);
  return {
    platform,
    ok,
    reason,
    evidence: [
      {
        label: `platform probe (${platform})`,
        kind: "exec",
        exec: { argv, exitCode: exitCode ?? -1, stdout: "", stderr, durationMs: Math.round(ms) },
      },
      {
        label: "platform probe: outcome",
        kind: "json",
        json: {
          platform,
          ok,
          timedOut,
          boundMs,
          hostFacts: facts || null,
          leftAfterKill: leftover.stdout.trim() || null,
        },
      },
    ],
  };
}

/** Probes still running in this process (root to pid), ended by endPlatformProbesSync on an interrupted run. */
const running = new Map<string, number | undefined>();

/** Ends this process's running probes with their sandboxes (signal and exit handlers); returns how many. */
export function endPlatformProbesSync(): number {
  const n = running.size;
  for (const [root, pid] of running) killProbeSync(pid, root);
  running.clear();
  return n;
}

const probes = new Map<string, Promise<PlatformProbeResult>>();

/** Why: one probe per runtime and run, whatever the number of its cells; null where no platform is declared. */
export function platformProbeFor(runtime: {
  name: string;
  path: string;
  runtimeArgs: readonly string[];
}): Promise<PlatformProbeResult> | null {
  if (declaredPlatform(runtime.runtimeArgs) === null) return null;
  let probe = probes.get(runtime.name);
  if (!probe) {
    probe = probePlatform(runtime.path, runtime.runtimeArgs);
    probes.set(runtime.name, probe);
  }
  return probe;
}
