import { checkFinding } from "../../helpers/finding/check-finding.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { FAKER_LOG } from "../../helpers/sandbox/faker-daemon.js";
import { catalog } from "../catalog.js";
import { judgeTrials } from "../runc/trial-verdicts.js";
import { inotifyWinsRace, raceTrials } from "./findings.js";
import { describeRace, fakerReaction } from "./race-numbers.js";

checkFinding(catalog, inotifyWinsRace, async (ctx) => {
  const r = await runRuncTrials(ctx, { trials: raceTrials(), strace: true });
  const log = await ctx.exec("faker log", ["cat", FAKER_LOG]);
  const reaction = r.traced ? fakerReaction(log.stdout, `memory/k8s.io/${r.traced.id}`) : null;
  if (r.traced?.windowMs != null)
    ctx.evidence.metric("race", { name: "runc window, traced", unit: "ms", values: [r.traced.windowMs] });
  if (reaction) ctx.evidence.metric("race", { name: "faker reaction", unit: "ms", values: [reaction.doneMs] });
  const verdict = judgeTrials(r, ["cgroup-procs-not-cgroup-file"]);
  return { ...verdict, summary: `${verdict.summary}; ${describeRace(r.traced?.windowMs ?? null, reaction)}` };
});
