/**
 * The cgroup setup of a cell, built inside its sandbox by fixtures/cgroup-setups/<setup>.sh (sent on stdin,
 * with lib.sh), and the teardown that removes every cgroup the harness made before the container goes.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { CgroupSetup } from "../env/cell.js";
import type { ExecRecord } from "../finding/evidence.js";
import { execInSandbox } from "./exec.js";
import { thawAll } from "./idle-freezer.js";

const SCRIPTS = path.resolve(import.meta.dirname, "../../fixtures/cgroup-setups");

export interface ControllerSetup {
  controller: string;
  /** runtime: the runtime's mount; mounted: by the harness; tmpfs: a plain directory; absent/failed/unusable. */
  status: string;
  fstype: string;
  detail: string;
}

export interface CgroupSetupReport {
  setup: CgroupSetup;
  controllers: ControllerSetup[];
  /** Controllers a finding can make cgroups in. */
  usable: string[];
  exec: ExecRecord;
}

/** A controller a finding can make cgroups in: the runtime's, the harness's, or a plain tmpfs directory. */
export function isUsableController(c: { status: string }): boolean {
  return ["runtime", "mounted", "tmpfs"].includes(c.status);
}

function script(name: string): string {
  return (
    readFileSync(path.join(SCRIPTS, "lib.sh"), "utf8") + readFileSync(path.join(SCRIPTS, `${name}.sh`), "utf8")
  );
}

export function parseSetupOutput(stdout: string): ControllerSetup[] {
  return stdout
    .split("\n")
    .map((line) => /^controller=(\S+) status=(\S+) fstype=(\S+) detail=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, controller = "", status = "", fstype = "", detail = ""]) => ({ controller, status, fstype, detail }));
}

export async function applyCgroupSetup(
  containerId: string,
  setup: CgroupSetup,
  timeoutMs?: number,
): Promise<CgroupSetupReport> {
  const exec = await execInSandbox(containerId, ["sh", "-s", `cgroup-setup:${setup}`], {
    input: script(setup),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  if (exec.exitCode !== 0) throw new Error(`cgroup setup ${setup} failed (exit ${exec.exitCode}): ${exec.stderr}`);
  const controllers = parseSetupOutput(exec.stdout);
  const usable = controllers.filter(isUsableController).map((c) => c.controller);
  return { setup, controllers, usable, exec };
}

/** Synchronous, so that the Ctrl-C path can run it too; returns the number of cgroups it could not remove. */
export function cgroupTeardownSync(containerId: string): number {
  thawAll([containerId]);
  try {
    const out = execFileSync("docker", ["exec", "-i", containerId, "sh", "-s", "cgroup-teardown"], {
      input: readFileSync(path.join(SCRIPTS, "teardown.sh"), "utf8"),
      encoding: "utf8",
      timeout: 30_000,
    });
    return Number(/cgroups-left=(\d+)/.exec(out)?.[1] ?? 0);
  } catch {
    return -1; // the container is already gone
  }
}
