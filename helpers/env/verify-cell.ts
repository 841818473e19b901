/** A cell whose observation does not match its declaration is refused: this says what differs. */
import { declaredPlatform, type Cell } from "./cell.js";
import type { SandboxProcessInfo } from "./observe.js";
import { declaredSandboxCgroup } from "../host/runsc-cgroup-variants.js";
import type { CellObservation } from "../report/results-schema.js";

export interface Mismatch {
  what: string;
  expected: string;
  found: string;
}

export function verifyCell(cell: Cell, observed: CellObservation, sandbox: SandboxProcessInfo | null): Mismatch[] {
  const problems: Mismatch[] = [];
  if (observed.imageSuite !== cell.image) {
    problems.push({ what: "image suite", expected: cell.image, found: observed.imageSuite });
  }
  if (cell.runtime.kind === "runc") {
    if (sandbox) problems.push({ what: "runtime", expected: "plain runc", found: `runsc process ${sandbox.exe}` });
    return problems;
  }
  if (!sandbox) {
    problems.push({ what: "runsc sandbox process", expected: `one for ${cell.runtime.name}`, found: "none" });
    return problems;
  }
  if (sandbox.release !== cell.runtime.release) {
    const found = `${sandbox.release ?? "none"} (${sandbox.exe} --version: "${sandbox.versionLine}")`;
    problems.push({ what: "gVisor release", expected: `${cell.runtime.release} (runtime name)`, found });
  }
  const declared = declaredPlatform(cell.runtime.runtimeArgs);
  if (declared && sandbox.platform !== declared) {
    problems.push({ what: "gVisor platform", expected: declared, found: sandbox.platform ?? "unknown" });
  }
  // A runtime that asks for cgroup v2 inside the sandbox must get a cgroup2 mount at /sys/fs/cgroup.
  if (declaredSandboxCgroup(cell.runtime.runtimeArgs) === "v2" && !observed.cgroupMounts.some(isCgroup2Root)) {
    const found =
      observed.cgroupMounts.length > 0 ? `${observed.cgroupMounts.length} other cgroup mount(s)` : "none";
    problems.push({ what: "cgroup v2 at /sys/fs/cgroup", expected: "a cgroup2 mount", found });
  }
  return problems;
}

export function refusalMessage(cell: Cell, problems: readonly Mismatch[]): string {
  const lines = problems.map((p) => `  ${p.what}: expected ${p.expected}, found ${p.found}`);
  return `cell ${cell.id} refused: what it runs is not what it declares\n${lines.join("\n")}`;
}

/** A /proc/self/mountinfo line of a cgroup2 filesystem mounted at /sys/fs/cgroup. */
function isCgroup2Root(line: string): boolean {
  const fields = line.split(" ");
  return fields[4] === "/sys/fs/cgroup" && / - cgroup2 /.test(line);
}
