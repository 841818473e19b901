/**
 * The order of the conformance files: vitest's own (slowest first, from its cache), except that the k3s tier
 * runs last. A cluster changes its sandbox (the kubelet's mounts and stand-ins; on 20221219 a kubelet that
 * fails at start left dmesg empty and no cgroup directory could be made), and the other areas share that
 * sandbox: they must measure it as the runtime gave it.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

export const LAST_DIRS = ["/suites/k3s/"];

/** Why: pure, so the rule is unit-tested; stable for everything else. */
export function lastLast<T>(files: readonly T[], idOf: (f: T) => string): T[] {
  const isLast = (f: T) => LAST_DIRS.some((d) => idOf(f).includes(d));
  return [...files.filter((f) => !isLast(f)), ...files.filter(isLast)];
}

export class SuiteOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return lastLast(await super.sort(files), (f) => f.moduleId);
  }
}
