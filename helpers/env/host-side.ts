/**
 * What a probe observes on the host rather than in the sandbox: the runsc process serving the container, the
 * host's kernel release. Under the harness both are measured here; a repro bundle runs the probe inside the
 * sandbox, where they cannot be seen, so repro.sh measures them on the host and hands them in (setHostSide).
 */
import os from "node:os";
import { observeSandboxProcess, type SandboxProcessInfo } from "./observe.js";

export interface HostSide {
  sandboxProcess(containerId: string): Promise<SandboxProcessInfo | null>;
  kernelRelease(): string;
}

const measuredHere: HostSide = { sandboxProcess: observeSandboxProcess, kernelRelease: () => os.release() };
let current: HostSide = measuredHere;

export const hostSide = (): HostSide => current;

/** Process-wide; null: measured here again. */
export function setHostSide(facts: HostSide | null): void {
  current = facts ?? measuredHere;
}
