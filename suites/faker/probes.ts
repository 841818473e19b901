/** The probes of the faker findings: bound to them in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe } from "../../helpers/finding/probe.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { FAKER_LOG } from "../../helpers/sandbox/faker-daemon.js";
import { runcTrials } from "../runc/findings.js";
import { judgeTrials } from "../runc/trial-verdicts.js";
import { raceTrials } from "./findings.js";
import { describeRace, fakerReaction } from "./race-numbers.js";

export const pollingLosesRaceProbe: Probe = async (ctx) =>
  judgeTrials(await runRuncTrials(ctx, { trials: runcTrials() }), ["cgroup-procs-enoent"]);

export const inotifyWinsRaceProbe: Probe = async (ctx) => {
  const r = await runRuncTrials(ctx, { trials: raceTrials(), strace: true });
  const log = await ctx.exec("faker log", ["cat", FAKER_LOG]);
  // The pod cgroup's directory as the faker logs it: memory/k8s.io/<id> (v1), or k8s.io/<id> (v2's one hierarchy).
  const reaction = r.traced ? fakerReaction(log.stdout, `k8s.io/${r.traced.id}`) : null;
  if (r.traced?.windowMs != null)
    ctx.evidence.metric("race", { name: "runc window, traced", unit: "ms", values: [r.traced.windowMs] });
  if (reaction) ctx.evidence.metric("race", { name: "faker reaction", unit: "ms", values: [reaction.doneMs] });
  const verdict = judgeTrials(r, ["cgroup-procs-not-cgroup-file"]);
  return { ...verdict, summary: `${verdict.summary}; ${describeRace(r.traced?.windowMs ?? null, reaction)}` };
};
