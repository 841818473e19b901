/** The probes of the runc findings: bound to them in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe } from "../../helpers/finding/probe.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { runcTrials } from "./findings.js";
import { probesFor } from "../oci-runtimes/probes.js";
import { judgeCgroupNamespace } from "./trial-verdicts.js";

/** runc's three cgroup claims: the same probes every OCI runtime gets (suites/oci-runtimes/probes.ts). */
const runcProbes = probesFor("runc");
export const enoentWithoutFilesProbe: Probe = runcProbes.enoentWithoutFiles;
export const rejectsFakeFilesProbe: Probe = runcProbes.rejectsFakeFiles;
export const blockedWithoutKernelCgroupsProbe: Probe = runcProbes.blockedWithoutKernelCgroups;

export const cgroupNamespaceProbe: Probe = async (ctx) => {
  const control = await runRuncTrials(ctx, { trials: 1 });
  const withNs = await runRuncTrials(ctx, { trials: runcTrials(), cgroupns: true });
  return judgeCgroupNamespace(control, withNs);
};
