import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { noAutopopulate } from "./findings.js";
import { judgeAutopopulate } from "./judge-cgroups.js";
import { probeNewCgroupDirs } from "./probe-new-cgroup-dirs.js";

checkFinding(catalog, noAutopopulate, async (ctx) =>
  judgeAutopopulate(await probeNewCgroupDirs(ctx, "autopop", false)),
);
