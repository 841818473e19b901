/** The decision of kernel/matches-runtime, kept pure so that both of its answers are unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";

export interface KernelObservation {
  declared: { kind: "runsc"; release: string } | { kind: "runc" };
  dmesgFirstLine: string;
  unameInside: string;
  unameHost: string;
  /** Release of the runsc binary serving the container, or null when no runsc process serves it. */
  servingRelease: string | null;
}

export function judgeKernel(o: KernelObservation): ProbeResult {
  const gvisor = /Starting gVisor/.test(o.dmesgFirstLine);
  if (o.declared.kind === "runc") {
    const host = !gvisor && o.servingRelease === null && o.unameInside === o.unameHost;
    return host
      ? { verdict: "holds", summary: `host kernel ${o.unameInside}, no runsc process serves the container` }
      : {
          verdict: "does-not-hold",
          summary: `not the host kernel: uname ${o.unameInside} (host ${o.unameHost}), dmesg "${o.dmesgFirstLine}", runsc ${o.servingRelease ?? "none"}`,
        };
  }
  if (!gvisor)
    return {
      verdict: "does-not-hold",
      summary: `dmesg does not say gVisor: "${o.dmesgFirstLine}" (uname ${o.unameInside})`,
    };
  if (o.servingRelease !== o.declared.release) {
    return {
      verdict: "does-not-hold",
      summary: `gVisor, but served by release ${o.servingRelease ?? "none"}, declared ${o.declared.release}`,
    };
  }
  return {
    verdict: "holds",
    summary: `gVisor ${o.servingRelease} ("${o.dmesgFirstLine}", uname ${o.unameInside})`,
  };
}
