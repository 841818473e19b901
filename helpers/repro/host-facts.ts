/**
 * The host-side facts repro.sh measures before it runs in-sandbox.mjs (the probe inside cannot see the host):
 * the host's kernel release and the runsc-sandbox process serving the sandbox. Passed as arguments.
 */
import { parseArgs } from "node:util";
import type { HostSide } from "../env/host-side.js";
import type { SandboxProcessInfo } from "../env/observe.js";
import { releaseOf } from "../host/runsc-binary.js";

export interface HostFacts {
  kernelRelease: string;
  /** The runsc-sandbox process repro.sh found serving the sandbox, or null when it found none. */
  sandboxProcess: SandboxProcessInfo | null;
}

/** `--host-kernel R --serving-pid N --serving-exe PATH --serving-version LINE --serving-platform P`. */
export function parseHostFacts(argv: readonly string[]): HostFacts {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      "host-kernel": { type: "string" },
      "serving-pid": { type: "string", default: "" },
      "serving-exe": { type: "string", default: "" },
      "serving-version": { type: "string", default: "" },
      "serving-platform": { type: "string", default: "" },
    },
  });
  const kernelRelease = values["host-kernel"];
  if (!kernelRelease) throw new Error("--host-kernel is missing (repro.sh passes the host's uname -r)");
  const pid = Number(values["serving-pid"]);
  const versionLine = values["serving-version"] ?? "";
  const sandboxProcess: SandboxProcessInfo | null =
    Number.isInteger(pid) && pid > 0
      ? {
          pid,
          exe: values["serving-exe"] ?? "",
          versionLine,
          release: releaseOf(versionLine),
          platform: values["serving-platform"] || null,
          // repro.sh does not read the sentry's smaps: not a fact its probes use
          droppableMappings: null,
        }
      : null;
  return { kernelRelease, sandboxProcess };
}

/** The facts as the probes' view of the host (helpers/env/host-side.ts). */
export function hostSideFrom(facts: HostFacts): HostSide {
  return { sandboxProcess: () => Promise.resolve(facts.sandboxProcess), kernelRelease: () => facts.kernelRelease };
}
