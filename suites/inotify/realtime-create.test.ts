import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { realtimeCreate } from "./findings.js";
import { realtimeCreateProbe } from "./probes.js";

checkFinding(catalog, realtimeCreate, realtimeCreateProbe);
