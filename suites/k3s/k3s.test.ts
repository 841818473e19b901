/**
 * The k3s tier. Where no k3s can be provided (the usual case here: no registry, no package) every finding is
 * a visible skip saying how to provide it, and the run summary says the tier did not run.
 */
import { afterAll, vi } from "vitest";
import { checkFinding } from "../../helpers/finding/check-finding.js";
import { controlPlaneMode } from "../../helpers/k3s/server-args.js";
import { K3sSessions } from "../../helpers/k3s/server-session.js";
import { k3sTimings } from "../../helpers/k3s/timings.js";
import { catalog } from "../catalog.js";
import { CONTROL_PLANE_BUDGET_MS } from "./control-plane-checks.js";
import { k3sControlPlane, k3sPodNeverRuns, k3sPodSandboxFails, k3sServerStable } from "./findings.js";
import { k3sProbes } from "./k3s-probes.js";

const timings = k3sTimings(process.env);
// A k3s finding waits for readiness and then watches or checks for minutes: longer than the suite's default.
vi.setConfig({
  testTimeout:
    timings.readyDeadlineMs + Math.max(timings.stableMs, CONTROL_PLANE_BUDGET_MS, timings.podDeadlineMs) + 120_000,
});

const sessions = new K3sSessions();
afterAll(() => sessions.stopAll());
const probes = k3sProbes(sessions, timings, controlPlaneMode(process.env));

checkFinding(catalog, k3sServerStable, probes.serverStable);
checkFinding(catalog, k3sControlPlane, probes.controlPlane);
checkFinding(catalog, k3sPodSandboxFails, probes.podSandbox);
checkFinding(catalog, k3sPodNeverRuns, probes.podNeverRuns);
