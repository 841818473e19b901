/** The probes of the containerd findings: bound to it in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe } from "../../helpers/finding/probe.js";
import { runContainerdTrials, stopContainerd } from "../../helpers/probes/containerd-trials.js";
import { runcTrials } from "../runc/findings.js";
import { runProbeScript } from "../../helpers/probes/sandbox-script.js";
import { judgePodSandboxError } from "./judge-containerd.js";
import { judgeCrunBehindContainerd } from "./judge-crun.js";
import { judgeCriKernelCheck, type CriPluginReport } from "./judge-cri-plugin.js";
import { judgeTransferImport } from "./judge-transfer-import.js";

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

export const criKernelVersionCheckProbe: Probe = async (ctx) => {
  const r = await runProbeScript<CriPluginReport>(
    ctx,
    "containerd: CRI plugin with the options off, on, defaults",
    "cri-plugin.mjs",
    [],
  );
  ctx.evidence.json(
    "CRI plugin per configuration",
    r.variants.map(({ name, start, status, errors }) => ({ name, started: start.ok, status, errors })),
  );
  return judgeCriKernelCheck(r);
};

export const transferImportUnpackProbe: Probe = async (ctx) => {
  try {
    return judgeTransferImport(
      await runContainerdTrials(ctx, { trials: 0, preCreate: false, importVia: "transfer" }),
    );
  } finally {
    await stopContainerd(ctx);
  }
};

export const crunWithoutKernelCgroupsProbe: Probe = async (ctx) => {
  try {
    const r = await runContainerdTrials(ctx, {
      trials: runcTrials(),
      preCreate: false,
      runcBinary: "crun",
      netHost: true,
    });
    return judgeCrunBehindContainerd(r);
  } finally {
    await stopContainerd(ctx);
  }
};
