/** The probe of the FUSE finding: bound to it in *.test.ts, and run inside the sandbox by repro bundles. */
import type { ListingRecord } from "../../helpers/finding/evidence.js";
import type { Probe, ProbeContext } from "../../helpers/finding/probe.js";
import { ProbeScriptError, runProbeScript } from "../../helpers/probes/sandbox-script.js";
import { judgeFuse, opCounts, type OpResult } from "./judge-fuse.js";

const BASE = "/tmp/gvc-fuse";
const OPS_TIMEOUT_MS = 60_000;

/** Mounts with `mountArgv`, runs the operation table, unmounts; ops is null when the table did not finish. */
async function opsOn(ctx: ProbeContext, label: string, mountArgv: string[], mnt: string) {
  const mount = await ctx.exec(`${label}: mount`, mountArgv);
  if (mount.exitCode !== 0)
    return { mount: { ok: false, error: mount.stderr.trim() || `exit ${mount.exitCode}` }, ops: null };
  let ops: OpResult[] | null = null;
  try {
    const [facts] = await runProbeScript<ListingRecord[]>(ctx, `${label}: where`, "fs-facts.mjs", [mnt]);
    if (facts) ctx.evidence.listing(`${label}: the mounted directory`, facts);
    ops = await runProbeScript<OpResult[]>(ctx, `${label}: operation table`, "fuse-ops.mjs", ["run", mnt], {
      timeoutMs: OPS_TIMEOUT_MS,
    });
    ctx.evidence.json(`${label}: operations`, ops);
  } catch (error) {
    if (!(error instanceof ProbeScriptError)) throw error;
  } finally {
    await ctx.sh(`${label}: unmount`, `fusermount3 -u ${mnt} || umount -l ${mnt}`);
  }
  return { mount: { ok: true, error: "" }, ops };
}

export const ioEnosysProbe: Probe = async (ctx) => {
  await ctx.sh(
    "prepare",
    `rm -rf ${BASE} && mkdir -p ${BASE}/mnt ${BASE}/ovl/upper ${BASE}/ovl/work ${BASE}/ovl/mnt`,
  );
  await ctx.exec("prepare the source tree", [
    "node",
    "/opt/gvisor-conformance/probes/fuse-ops.mjs",
    "prepare",
    `${BASE}/src`,
  ]);
  const bindfs = await opsOn(ctx, "bindfs", ["bindfs", `${BASE}/src`, `${BASE}/mnt`], `${BASE}/mnt`);
  const overlay = await opsOn(
    ctx,
    "fuse-overlayfs",
    [
      "fuse-overlayfs",
      "-o",
      `lowerdir=${BASE}/ovl/lower,upperdir=${BASE}/ovl/upper,workdir=${BASE}/ovl/work`,
      `${BASE}/ovl/mnt`,
    ],
    `${BASE}/ovl/mnt`,
  );
  ctx.evidence.json("fuse-overlayfs summary", {
    mount: overlay.mount,
    counts: overlay.ops ? opCounts(overlay.ops) : null,
  });
  await ctx.exec("clean up", ["rm", "-rf", BASE]);
  return judgeFuse(bindfs.mount, bindfs.ops);
};
