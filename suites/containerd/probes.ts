/** The probe of the containerd finding: bound to it in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe } from "../../helpers/finding/probe.js";
import { runContainerdTrials, stopContainerd } from "../../helpers/probes/containerd-trials.js";
import { runcTrials } from "../runc/findings.js";
import { judgePodSandboxError } from "./judge-containerd.js";

export const podSandboxErrorProbe: Probe = async (ctx) => {
  try {
    const r = await runContainerdTrials(ctx, {
      trials: runcTrials(),
      preCreate: ctx.cell.faker === "pre-created",
    });
    return judgePodSandboxError(r);
  } finally {
    await stopContainerd(ctx);
  }
};
