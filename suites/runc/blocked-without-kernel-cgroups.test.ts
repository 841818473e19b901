import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { blockedWithoutKernelCgroups } from "./findings.js";
import { blockedWithoutKernelCgroupsProbe } from "./probes.js";

checkFinding(catalog, blockedWithoutKernelCgroups, blockedWithoutKernelCgroupsProbe);
