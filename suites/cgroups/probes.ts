/** The probes of the cgroups findings: bound to them in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe } from "../../helpers/finding/probe.js";
import { judgeAutopopulate, judgeFakeFiles } from "./judge-cgroups.js";
import { probeNewCgroupDirs } from "./probe-new-cgroup-dirs.js";

export const noAutopopulateProbe: Probe = async (ctx) =>
  judgeAutopopulate(await probeNewCgroupDirs(ctx, "autopop", false));

export const fakeFilesAreRegularProbe: Probe = async (ctx) =>
  judgeFakeFiles(await probeNewCgroupDirs(ctx, "fake", true));
