/** Shared by both cgroup findings: run cgroup-newdir.mjs over the usable controllers, keep listings as evidence. */
import type { ProbeContext } from "../../helpers/finding/probe.js";
import { probeName, runProbeScript, usableControllers } from "../../helpers/probes/sandbox-script.js";
import type { NewDirResult } from "./newdir-result.js";

export async function probeNewCgroupDirs(
  ctx: ProbeContext,
  what: string,
  fakeFiles: boolean,
): Promise<NewDirResult[]> {
  const controllers = usableControllers(ctx.cell);
  ctx.evidence.json("cgroup setup of this cell", ctx.cell.info.cgroupControllers);
  if (controllers.length === 0) return [];
  const args = [
    "--controllers",
    controllers.join(","),
    "--name",
    probeName(what),
    ...(fakeFiles ? ["--fake-files"] : []),
  ];
  const results = await runProbeScript<NewDirResult[]>(
    ctx,
    "new cgroup directory per controller",
    "cgroup-newdir.mjs",
    args,
  );
  for (const r of results) {
    ctx.evidence.listing(`${r.controller}: parent k8s.io`, r.parent);
    if (r.created) ctx.evidence.listing(`${r.controller}: new directory right after mkdir`, r.created);
  }
  return results;
}
