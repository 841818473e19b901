import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { rejectsFakeFiles } from "./findings.js";
import { rejectsFakeFilesProbe } from "./probes.js";

checkFinding(catalog, rejectsFakeFiles, rejectsFakeFilesProbe);
