import { checkFinding } from "../../helpers/finding/check-finding.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { catalog } from "../catalog.js";
import { runcTrials } from "../runc/findings.js";
import { judgeTrials } from "../runc/trial-verdicts.js";
import { pollingLosesRace } from "./findings.js";

checkFinding(catalog, pollingLosesRace, async (ctx) =>
  judgeTrials(await runRuncTrials(ctx, { trials: runcTrials() }), ["cgroup-procs-enoent"]),
);
