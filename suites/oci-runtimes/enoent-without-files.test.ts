import { checkFinding } from "../../helpers/finding/check-finding.js";
import { catalog } from "../catalog.js";
import { runtimeFindings } from "./findings.js";
import { probesFor } from "./probes.js";

// runc's claim asked of every other runtime of fixtures/oci-runtimes.json (runc's own: suites/runc).
for (const r of runtimeFindings)
  checkFinding(catalog, r.enoentWithoutFiles, probesFor(r.runtime.name).enoentWithoutFiles);
