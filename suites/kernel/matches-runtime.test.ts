import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { kernelMatchesRuntime } from "./findings.js";
import { matchesRuntimeProbe } from "./probes.js";

checkFinding(catalog, kernelMatchesRuntime, matchesRuntimeProbe);
