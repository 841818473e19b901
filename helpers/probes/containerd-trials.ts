/**
 * containerd inside the sandbox, asked to run containers whose cgroup is /k8s.io/<64 hex> (as kubelet's containerd
 * does): runs fixtures/image/probes/containerd-trials.mjs and keeps its setup steps and a few raw trials as evidence.
 */
import type { ProbeContext } from "../finding/probe.js";
import type { RuntimeErrorClass } from "./runtime-error-class.js";
import { runProbeScript } from "./sandbox-script.js";
import {
  blockedAt,
  classifyTrial,
  countClasses,
  degradedSteps,
  representativeTrials,
  type ContainerdTrial,
  type ContainerdTrialsOutput,
  type SetupStep,
  type TrialMode,
} from "./containerd-trials-result.js";

const SCRIPT = "containerd-trials.mjs";
/** The script's own limit per `ctr run` (seconds); the exec's limit leaves room for setup and cleanup. */
const TRIAL_TIMEOUT_S = 60;

export interface ContainerdTrials {
  containerdVersion: string;
  mode: TrialMode;
  setup: SetupStep[];
  /** The step that kept every trial from running, with its error; null when trials ran. */
  blockedAt: { step: string; stderr: string } | null;
  /** Steps that failed although trials ran (the image import, replaced by `ctr run --rootfs`). */
  degraded: SetupStep[];
  trials: ContainerdTrial[];
  classes: Partial<Record<RuntimeErrorClass, number>>;
}

/** Why: one call gives a finding the trials' classified outcomes and leaves the evidence behind them. */
export async function runContainerdTrials(
  ctx: ProbeContext,
  opts: {
    trials: number;
    preCreate: boolean;
    importVia?: "transfer";
    /** The OCI runtime the runc shim runs instead of runc (`ctr run --runc-binary`). */
    runcBinary?: string;
    /** No network namespace for the container (`ctr run --net-host`). */
    netHost?: boolean;
  },
): Promise<ContainerdTrials> {
  const args = ["--trials", String(opts.trials), "--trial-timeout", String(TRIAL_TIMEOUT_S)];
  if (opts.preCreate) args.push("--pre-create");
  if (opts.importVia) args.push("--import-via", opts.importVia);
  if (opts.runcBinary) args.push("--runc-binary", opts.runcBinary);
  if (opts.netHost) args.push("--net-host");
  const label =
    `containerd: ${opts.trials} trial(s)${opts.preCreate ? ", cgroups pre-created" : ""}` +
    (opts.importVia ? `, image imported via the ${opts.importVia} service` : "") +
    (opts.runcBinary ? `, the shim running ${opts.runcBinary}` : "") +
    (opts.netHost ? ", host network" : "");
  const out = await runProbeScript<ContainerdTrialsOutput>(ctx, label, SCRIPT, args, {
    timeoutMs: 180_000 + opts.trials * (TRIAL_TIMEOUT_S + 15) * 1000,
  });
  const trials = out.trials.map(classifyTrial);
  const result: ContainerdTrials = {
    containerdVersion: out.containerdVersion,
    mode: out.mode,
    setup: out.setup,
    blockedAt: blockedAt(out),
    degraded: degradedSteps(out),
    trials,
    classes: countClasses(trials),
  };
  recordEvidence(ctx, result);
  return result;
}

function recordEvidence(ctx: ProbeContext, r: ContainerdTrials): void {
  ctx.evidence.json(`containerd setup (${r.containerdVersion || "version unknown"}, mode ${r.mode})`, r.setup);
  if (r.blockedAt) ctx.evidence.text(`blocked at step "${r.blockedAt.step}"`, r.blockedAt.stderr);
  for (const s of r.degraded) ctx.evidence.text(`step "${s.step}" failed; trials ran without it`, s.stderr);
  for (const i of representativeTrials(r.trials)) {
    const t = r.trials[i];
    if (!t) continue;
    const { argv, exitCode, stdout, stderr, ms } = t;
    ctx.evidence.exec(`trial ${i + 1} (${t.error.class})`, { argv, exitCode, stdout, stderr, durationMs: ms });
    if (t.preCreated) ctx.evidence.json(`trial ${i + 1}: pre-created cgroup files`, t.preCreated);
  }
  if (r.trials.length > 0)
    ctx.evidence.metric("ctr run wall time", { name: "ctr run", unit: "ms", values: r.trials.map((t) => t.ms) });
}

/** Why: the finding stops containerd and removes its state at the end, so the shared sandbox is left as found. */
export async function stopContainerd(ctx: ProbeContext): Promise<SetupStep[]> {
  const out = await runProbeScript<{ stop: SetupStep[] }>(ctx, "containerd: stop", SCRIPT, ["--stop"], {
    timeoutMs: 60_000,
  });
  return out.stop;
}
