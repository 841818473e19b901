import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { transferImportUnpack } from "./findings.js";
import { transferImportUnpackProbe } from "./probes.js";

checkFinding(catalog, transferImportUnpack, transferImportUnpackProbe);
