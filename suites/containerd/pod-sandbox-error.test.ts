import { checkFinding } from "../../helpers/finding/check-finding.js";
import { runContainerdTrials, stopContainerd } from "../../helpers/probes/containerd-trials.js";
import { catalog } from "../catalog.js";
import { runcTrials } from "../runc/findings.js";
import { podSandboxError } from "./findings.js";
import { judgePodSandboxError } from "./judge-containerd.js";

checkFinding(catalog, podSandboxError, async (ctx) => {
  try {
    const r = await runContainerdTrials(ctx, {
      trials: runcTrials(),
      preCreate: ctx.cell.faker === "pre-created",
    });
    return judgePodSandboxError(r);
  } finally {
    await stopContainerd(ctx);
  }
});
