/** Runs one of the image's probe scripts (/opt/gvisor-conformance/probes) and parses the JSON it prints. */
import { isUsableController } from "../sandbox/cgroup-setup.js";
import type { ExecOptions } from "../sandbox/exec.js";
import { StepFailedError, type ProbeContext } from "../finding/probe.js";

export const PROBES_DIR = "/opt/gvisor-conformance/probes";

/** A command an in-sandbox script ran, as it records it (its duration is `ms`). */
export interface ScriptStep {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A probe script that did not run to its JSON: the measurement failed (the finding is blocked), not the claim. */
export class ProbeScriptError extends StepFailedError {}

export async function runProbeScript<T>(
  ctx: ProbeContext,
  label: string,
  script: string,
  args: readonly string[],
  options?: ExecOptions,
): Promise<T> {
  const interpreter = script.endsWith(".py") ? "python3" : "node";
  const exec = await ctx.exec(label, [interpreter, `${PROBES_DIR}/${script}`, ...args], options);
  const last = exec.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new ProbeScriptError(
      label,
      `${script} printed no JSON (exit ${exec.exitCode}): ${exec.stderr.slice(0, 500)}`,
    );
  }
}

/** Controllers the cell's cgroup setup left usable, memory first (the hierarchy the log's error names). */
export function usableControllers(cell: ProbeContext["cell"]): string[] {
  const usable = (cell.info.cgroupControllers ?? []).filter(isUsableController).map((c) => c.controller);
  return usable.sort((a, b) =>
    a === "memory" || a === "cgroup2" ? -1 : b === "memory" || b === "cgroup2" ? 1 : 0,
  );
}

/**
 * A controller's directory in the sandbox: `/sys/fs/cgroup/<controller>` (cgroup v1), or the root itself for the
 * one hierarchy of cgroup v2 (the cell's setup reports it as the controller `cgroup2`).
 */
export function controllerPath(controller: string, root = "/sys/fs/cgroup"): string {
  return controller === "cgroup2" ? root : `${root}/${controller}`;
}

/** A unique, recognisable name for what a probe makes (teardown removes leftovers by location). */
export function probeName(what: string): string {
  return `gvc-${what}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
