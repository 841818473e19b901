/**
 * Leaving nothing behind: containers with the project's label, and runsc sandbox/gofer/shim processes that a
 * failed start leaves with no container in the engine. Synchronous (signal handlers), every docker call bounded.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { LABEL_MANAGED, LABEL_OWNER_PID, LABEL_RUN } from "./labels.js";
import { containerProcesses, forceRemoveSync, type HostProcess, type RemovalReport } from "./stuck.js";

/** Throws on failure or after 20 s (callers that must not throw catch it). */
function docker(args: string[]): string {
  return execFileSync("docker", args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 20_000,
    killSignal: "SIGKILL",
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Managed containers; `onlyOrphans` keeps those whose starting process is gone (a killed earlier run). */
export function managedContainers(onlyOrphans: boolean): string[] {
  const out = docker([
    "ps",
    "-a",
    "--no-trunc",
    "--filter",
    `label=${LABEL_MANAGED}=true`,
    "--format",
    '{{.ID}} {{.Label "' + LABEL_OWNER_PID + '"}}',
  ]);
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" ") as [string, string?])
    .filter(([, pid]) => !onlyOrphans || !alive(Number(pid)))
    .map(([id]) => id);
}

/** Every container of one run, whatever state it is in. */
export function containersOfRun(runId: string): string[] {
  return docker(["ps", "-aq", "--no-trunc", "--filter", `label=${LABEL_RUN}=${runId}`])
    .split("\n")
    .filter(Boolean);
}

/** Removes containers, ending the runsc and shim processes of stuck ones first; never throws. */
export function removeContainers(ids: readonly string[]): RemovalReport {
  return forceRemoveSync(ids);
}

interface RunscProcess {
  pid: number;
  role: string;
  exe: string;
  containerIds: string[];
}

/** runsc-sandbox / runsc-gofer processes on the host, with the 64-hex container ids in their command lines. */
export function runscProcesses(): RunscProcess[] {
  const found: RunscProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const role = argv[0] ?? "";
      if (role !== "runsc-sandbox" && role !== "runsc-gofer") continue;
      const ids = [...new Set(argv.join(" ").match(/\b[0-9a-f]{64}\b/g) ?? [])];
      found.push({ pid: Number(entry), role, exe: readlinkSync(`/proc/${entry}/exe`), containerIds: ids });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/**
 * Kills runsc and containerd-shim processes whose container the engine does not know (a failed or interrupted
 * start). Does nothing when the engine does not answer: then every process would look orphaned.
 */
export function reapOrphanRunsc(): HostProcess[] {
  let known: Set<string>;
  try {
    known = new Set(docker(["ps", "-aq", "--no-trunc"]).split("\n").filter(Boolean));
  } catch {
    return [];
  }
  const orphans = containerProcesses().filter(
    (p) => p.containerIds.length > 0 && !p.containerIds.some((id) => known.has(id)),
  );
  for (const p of orphans) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return orphans;
}
