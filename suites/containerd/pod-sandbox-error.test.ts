import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { podSandboxError } from "./findings.js";
import { podSandboxErrorProbe } from "./probes.js";

checkFinding(catalog, podSandboxError, podSandboxErrorProbe);
