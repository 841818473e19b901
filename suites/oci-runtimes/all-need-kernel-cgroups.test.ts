import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { allNeedKernelCgroups } from "./findings.js";
import { allNeedKernelCgroupsProbe } from "./probes.js";

checkFinding(catalog, allNeedKernelCgroups, allNeedKernelCgroupsProbe);
