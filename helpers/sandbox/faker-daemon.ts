/**
 * The faker dimension of a cell: the cgroup faker that runs in the sandbox for the cell's whole life, started
 * after the cgroup setup. `pre-created` has no daemon (probes make the files before runc runs: an oracle).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FakerMode, SandboxCgroupFact } from "../env/cell.js";
import type { ExecRecord } from "../finding/evidence.js";
import { execInSandbox, shInSandbox } from "./exec.js";

export const FAKER_LOG = "/tmp/gvc-faker.log";
const BASH_FAKER = path.resolve(import.meta.dirname, "../../fixtures/fakers/cgroup-faker-inotify.sh");
const TS_FAKER = "/opt/gvisor-conformance/faker/cgroup-faker.mjs";

/**
 * The daemon's command line inside the sandbox, or null for the modes without one. The log's bash faker watches
 * `<root>/<subsystem>/k8s.io` per cgroup v1 subsystem; on cgroup v2 it is pointed at the one hierarchy's k8s.io
 * (its SUBSYSTEMS knob: `.`), the directory runc makes the pods' cgroups in there.
 */
export function fakerCommand(mode: FakerMode, sandboxCgroup: SandboxCgroupFact = "v1"): string | null {
  switch (mode) {
    case "ts":
      return `node ${TS_FAKER} --mode inotify`;
    case "poll":
      return `node ${TS_FAKER} --mode poll --interval-ms 500`;
    case "bash":
      return `${sandboxCgroup === "v2" ? "env SUBSYSTEMS=. " : ""}bash /tmp/gvc-cgroup-faker-inotify.sh`;
    default:
      return null;
  }
}

/** What in the daemon's log says it is watching. */
export function fakerIsReady(mode: FakerMode, log: string): boolean {
  return mode === "bash" ? log.includes("Watches established") : /"event":"ready"/.test(log);
}

export interface FakerStart {
  mode: FakerMode;
  command: string | null;
  readyAfterMs: number | null;
  evidence: ExecRecord[];
}

/** Starts the cell's faker detached and waits (up to 15 s) until its log says it watches. */
export async function startFaker(
  containerId: string,
  mode: FakerMode,
  sandboxCgroup: SandboxCgroupFact = "v1",
): Promise<FakerStart> {
  const command = fakerCommand(mode, sandboxCgroup);
  if (!command) return { mode, command, readyAfterMs: null, evidence: [] };
  const evidence: ExecRecord[] = [];
  if (mode === "bash") {
    const input = readFileSync(BASH_FAKER, "utf8");
    evidence.push(
      await execInSandbox(containerId, ["sh", "-c", "cat > /tmp/gvc-cgroup-faker-inotify.sh"], { input }),
    );
  }
  const t0 = performance.now();
  evidence.push(await execInSandbox(containerId, ["sh", "-c", `nohup ${command} > ${FAKER_LOG} 2>&1 &`]));
  while (performance.now() - t0 < 15_000) {
    const log = await shInSandbox(containerId, `cat ${FAKER_LOG} 2>/dev/null`);
    if (fakerIsReady(mode, log.stdout)) {
      evidence.push(log);
      return { mode, command, readyAfterMs: Math.round(performance.now() - t0), evidence };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const log = await shInSandbox(containerId, `cat ${FAKER_LOG} 2>/dev/null`);
  throw new Error(`faker ${mode} did not become ready within 15 s: ${log.stdout.slice(-500)}`);
}
