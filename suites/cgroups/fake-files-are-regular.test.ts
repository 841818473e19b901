import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { fakeFilesAreRegular } from "./findings.js";
import { judgeFakeFiles } from "./judge-cgroups.js";
import { probeNewCgroupDirs } from "./probe-new-cgroup-dirs.js";

checkFinding(catalog, fakeFilesAreRegular, async (ctx) =>
  judgeFakeFiles(await probeNewCgroupDirs(ctx, "fake", true)),
);
