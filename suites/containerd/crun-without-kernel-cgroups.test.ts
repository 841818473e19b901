import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { crunWithoutKernelCgroups } from "./findings.js";
import { crunWithoutKernelCgroupsProbe } from "./probes.js";

checkFinding(catalog, crunWithoutKernelCgroups, crunWithoutKernelCgroupsProbe);
