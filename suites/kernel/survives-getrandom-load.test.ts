import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { survivesGetrandomLoad } from "./findings.js";
import { survivesGetrandomLoadProbe } from "./getrandom-load.js";

checkFinding(catalog, survivesGetrandomLoad, survivesGetrandomLoadProbe);
