/** The probe of the kernel finding: bound to it in *.test.ts, and run inside the sandbox by repro bundles. */
import { hostSide } from "../../helpers/env/host-side.js";
import type { Probe } from "../../helpers/finding/probe.js";
import { judgeKernel } from "./judge-kernel.js";

export const matchesRuntimeProbe: Probe = async (ctx) => {
  const dmesg = await ctx.sh("dmesg, first line", "dmesg 2>&1 | head -n 1");
  const uname = await ctx.exec("uname -r inside", ["uname", "-r"]);
  await ctx.exec("/proc/version", ["cat", "/proc/version"]);
  const host = hostSide();
  const serving = await host.sandboxProcess(ctx.cell.containerId);
  const unameHost = host.kernelRelease();
  ctx.evidence.json("runsc process serving the container (host side)", serving);
  ctx.evidence.text("uname -r on the host", unameHost);
  const runtime = ctx.cell.runtime;
  return judgeKernel({
    declared: runtime.kind === "runsc" ? { kind: "runsc", release: runtime.release } : { kind: "runc" },
    dmesgFirstLine: dmesg.stdout.split("\n")[0]?.trim() ?? "",
    unameInside: uname.stdout.trim(),
    unameHost,
    servingRelease: serving?.release ?? null,
  });
};
