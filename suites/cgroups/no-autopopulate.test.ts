import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { noAutopopulate } from "./findings.js";
import { noAutopopulateProbe } from "./probes.js";

checkFinding(catalog, noAutopopulate, noAutopopulateProbe);
