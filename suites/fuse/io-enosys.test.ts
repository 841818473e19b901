import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { ioEnosys } from "./findings.js";
import { ioEnosysProbe } from "./probes.js";

checkFinding(catalog, ioEnosys, ioEnosysProbe);
