import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { criKernelVersionCheck } from "./findings.js";
import { criKernelVersionCheckProbe } from "./probes.js";

checkFinding(catalog, criKernelVersionCheck, criKernelVersionCheckProbe);
