import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { cgroupNamespaceUnsupported } from "./findings.js";
import { cgroupNamespaceProbe } from "./probes.js";

checkFinding(catalog, cgroupNamespaceUnsupported, cgroupNamespaceProbe);
