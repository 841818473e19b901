/**
 * The cgroup version inside the sandbox as a dimension: for every registered gVisor build whose runsc has a flag
 * for it (read from the binary's own `runsc flags`, as the platform probe reads the default platform), one more
 * Docker runtime running the same binary with cgroup v2 inside the sandbox, `runsc-<release>-in-sandbox-cgroup-v2`.
 * Builds without the flag (every release up to 20260520) have no variant: nothing to probe, nothing registered.
 */
import { execa } from "execa";
import { runtimeNameFor, type RuntimeRegistration } from "./runtime-registry.js";

/**
 * The flag that turns cgroup v2 on inside the sandbox, from `runsc flags` text, or null when the binary has none:
 * `--in-sandbox-cgroup=v2` (gVisor's go branch since 2026-08/09: "cgroup setup to use inside the sandbox: v1
 * (default), v2"), or its predecessor `--mount-cgroup-v2` (master from 2026-07-06, "EXPERIMENTAL").
 */
export function sandboxCgroupV2Flag(flagsText: string): string | null {
  if (/^\s*-in-sandbox-cgroup\b/m.test(flagsText)) return "--in-sandbox-cgroup=v2";
  if (/^\s*-mount-cgroup-v2\b/m.test(flagsText)) return "--mount-cgroup-v2";
  return null;
}

/** The cgroup version a runtime's flags ask for inside the sandbox: `v2` when a v2 flag is among them, else `v1`. */
export function declaredSandboxCgroup(args: readonly string[]): "v1" | "v2" {
  return args.some(
    (a) => a === "--in-sandbox-cgroup=v2" || a === "--mount-cgroup-v2" || a === "--mount-cgroup-v2=true",
  )
    ? "v2"
    : "v1";
}

/** `runsc flags` of a binary (its flag list with help), or "" when it cannot be read. */
export async function runscFlagsText(binary: string): Promise<string> {
  const result = await execa(binary, ["flags"], { reject: false, timeout: 15_000, all: true });
  return String(result.all ?? "");
}

/**
 * Why: a variant runs the binary its build was registered with, with the base flags and the v2 flag; only the
 * builds' own runtimes (`runsc-<release>`) get one, not their platform variants, so the dimension adds one runtime
 * per build that has it. `flagsOf` reads `runsc flags` (injected for tests).
 */
export async function sandboxCgroupRegistrations(
  releases: readonly RuntimeRegistration[],
  releaseOfName: (name: string) => string | null,
  flagsOf: (binary: string) => Promise<string> = runscFlagsText,
): Promise<RuntimeRegistration[]> {
  const out: RuntimeRegistration[] = [];
  for (const base of releases) {
    const release = releaseOfName(base.name);
    if (release === null || base.name !== runtimeNameFor(release, [])) continue;
    const flag = sandboxCgroupV2Flag(await flagsOf(base.path));
    if (!flag) continue;
    out.push({
      name: runtimeNameFor(release, ["--in-sandbox-cgroup=v2"]),
      path: base.path,
      runtimeArgs: [...base.runtimeArgs, flag],
      ...(base.oneOff === true ? { oneOff: true } : {}),
    });
  }
  return out;
}
