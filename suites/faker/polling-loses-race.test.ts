import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { pollingLosesRace } from "./findings.js";
import { pollingLosesRaceProbe } from "./probes.js";

checkFinding(catalog, pollingLosesRace, pollingLosesRaceProbe);
