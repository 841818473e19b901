import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { inotifyWinsRace } from "./findings.js";
import { inotifyWinsRaceProbe } from "./probes.js";

checkFinding(catalog, inotifyWinsRace, inotifyWinsRaceProbe);
