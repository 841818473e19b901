/** The probe of the inotify finding: bound to it in *.test.ts, and run inside the sandbox by repro bundles. */
import type { Probe, ProbeContext } from "../../helpers/finding/probe.js";
import { controllerPath, runProbeScript, usableControllers } from "../../helpers/probes/sandbox-script.js";
import { inotifyMkdirs, REALTIME_BOUND_MS } from "./findings.js";
import { judgeRealtime, type LatencySeries } from "./judge-inotify.js";

const TMPFS_DIR = "/tmp/gvc-inotify-tmpfs";

async function series(ctx: ProbeContext, label: string, dir: string): Promise<LatencySeries> {
  const [listing] = await runProbeScript<[import("../../helpers/finding/evidence.js").ListingRecord]>(
    ctx,
    `${label}: where`,
    "fs-facts.mjs",
    [dir],
  );
  if (listing)
    ctx.evidence.listing(`${label}: watched directory`, { ...listing, entries: listing.entries.slice(0, 20) });
  const s = await runProbeScript<LatencySeries>(ctx, `${label}: mkdir -> inotify event`, "inotify-latency.mjs", [
    dir,
    String(inotifyMkdirs()),
    "5",
  ]);
  ctx.evidence.metric(`${label}: latency`, {
    name: `inotify latency, ${label}`,
    unit: "ms",
    values: s.latenciesMs,
  });
  return s;
}

export const realtimeCreateProbe: Probe = async (ctx) => {
  const controller = usableControllers(ctx.cell)[0] ?? "memory";
  const onCgroup = await series(ctx, "cgroup hierarchy", `${controllerPath(controller)}/k8s.io`);
  await ctx.sh("tmpfs for comparison", `mkdir -p ${TMPFS_DIR} && mount -t tmpfs gvc-inotify ${TMPFS_DIR}`);
  try {
    await series(ctx, "tmpfs", TMPFS_DIR);
  } finally {
    await ctx.exec("unmount the comparison tmpfs", ["umount", TMPFS_DIR]);
  }
  return judgeRealtime(onCgroup, REALTIME_BOUND_MS);
};
