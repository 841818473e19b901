/** The per-cell inventory (evidence, not verdicts): what this sandbox kernel implements and how it is set up. */
import type { ExecRecord } from "../finding/evidence.js";
import type { CgroupSetupReport } from "./cgroup-setup.js";
import { execInSandbox } from "./exec.js";

export async function takeInventory(
  containerId: string,
  cgroups: CgroupSetupReport,
  platform: string | null,
  timeoutMs?: number,
): Promise<{ value: Record<string, unknown>; exec: ExecRecord }> {
  const exec = await execInSandbox(
    containerId,
    ["python3", "/opt/gvisor-conformance/probes/syscall-inventory.py"],
    timeoutMs === undefined ? {} : { timeoutMs },
  );
  let syscalls: Record<string, unknown> = { error: exec.stderr.trim() || `exit ${exec.exitCode}` };
  try {
    syscalls = JSON.parse(exec.stdout) as Record<string, unknown>;
  } catch {
    // kept as the error above; the exec record is the evidence
  }
  const mountable = cgroups.controllers.filter((c) => c.status === "mounted" || c.status === "runtime");
  return {
    value: {
      ...syscalls,
      "default platform": platform ?? "native (runc)",
      "cgroup controllers usable": mountable.map((c) => c.controller).join(" ") || "none",
      // Names only: the mount errors are in the cgroup setup's evidence.
      "cgroup controllers failed": cgroups.controllers
        .filter((c) => c.status === "failed")
        .map((c) => c.controller),
    },
    exec,
  };
}
