import { checkFinding } from "../../helpers/finding/check-finding.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { catalog } from "../catalog.js";
import { enoentWithoutFiles, runcTrials } from "./findings.js";
import { judgeTrials } from "./trial-verdicts.js";

checkFinding(catalog, enoentWithoutFiles, async (ctx) =>
  judgeTrials(await runRuncTrials(ctx, { trials: runcTrials() }), ["cgroup-procs-enoent"]),
);
