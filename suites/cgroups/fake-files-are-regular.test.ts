import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { fakeFilesAreRegular } from "./findings.js";
import { fakeFilesAreRegularProbe } from "./probes.js";

checkFinding(catalog, fakeFilesAreRegular, fakeFilesAreRegularProbe);
