import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { enoentWithoutFiles } from "./findings.js";
import { enoentWithoutFilesProbe } from "./probes.js";

checkFinding(catalog, enoentWithoutFiles, enoentWithoutFilesProbe);
