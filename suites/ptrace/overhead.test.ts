import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { overhead } from "./findings.js";
import { overheadProbe } from "./probes.js";

checkFinding(catalog, overhead, overheadProbe);
