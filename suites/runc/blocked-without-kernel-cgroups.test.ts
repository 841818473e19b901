import { checkFinding } from "../../helpers/finding/check-finding.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { catalog } from "../catalog.js";
import { blockedWithoutKernelCgroups, runcTrials } from "./findings.js";
import { judgeNeverStarts } from "./trial-verdicts.js";

checkFinding(catalog, blockedWithoutKernelCgroups, async (ctx) => {
  const run = await runRuncTrials(ctx, { trials: runcTrials() });
  const create = await runRuncTrials(ctx, { trials: 1, command: "create" });
  return judgeNeverStarts([run, create]);
});
