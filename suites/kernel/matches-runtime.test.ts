import os from "node:os";
import { checkFinding } from "../../helpers/finding/check-finding.js";
import { observeSandboxProcess } from "../../helpers/env/observe.js";
import { catalog } from "../catalog.js";
import { kernelMatchesRuntime } from "./findings.js";
import { judgeKernel } from "./judge-kernel.js";

checkFinding(catalog, kernelMatchesRuntime, async (ctx) => {
  const dmesg = await ctx.sh("dmesg, first line", "dmesg 2>&1 | head -n 1");
  const uname = await ctx.exec("uname -r inside", ["uname", "-r"]);
  await ctx.exec("/proc/version", ["cat", "/proc/version"]);
  const serving = await observeSandboxProcess(ctx.cell.containerId);
  ctx.evidence.json("runsc process serving the container (host side)", serving);
  ctx.evidence.text("uname -r on the host", os.release());
  const runtime = ctx.cell.runtime;
  return judgeKernel({
    declared: runtime.kind === "runsc" ? { kind: "runsc", release: runtime.release } : { kind: "runc" },
    dmesgFirstLine: dmesg.stdout.split("\n")[0]?.trim() ?? "",
    unameInside: uname.stdout.trim(),
    unameHost: os.release(),
    servingRelease: serving?.release ?? null,
  });
});
