/** Findings about FUSE inside the sandbox (research log, experiment 07 as summarised in 17). Data only. */
import type { CellDimensions } from "../../helpers/env/cell.js";
import { defineFinding } from "../../helpers/finding/finding.js";

/** FUSE does not depend on the cgroup setup: measured once per runtime, in its native cell. */
export const onlyNative = (cell: CellDimensions): string | null =>
  cell.cgroupSetup === "native"
    ? null
    : `measured in the native cgroup setup only (this cell: ${cell.cgroupSetup})`;

/** The operations whose errno decides the verdict: the basic I/O a cgroup emulation would need. */
export const CORE_OPS = ["readdir", "read", "write"] as const;

export const ioEnosys = defineFinding({
  id: "fuse/io-enosys",
  claim: 'A FUSE mount inside the sandbox MUST succeed, and I/O on it MUST fail with "Function not implemented".',
  source: {
    experiment: "07",
    section: "Why Previous Experiments Also Failed: Experiment 07: FUSE Filesystem Emulation",
  },
  dimensions: ["runtime", "release", "platform"],
  method:
    "bindfs mounts a prepared directory; a table of 18 operations (readdir, stat, read, write, create, append, " +
    "truncate, fsync, chmod, utimes, rename, link, symlink, readlink, mkdir, rmdir, unlink, exec) records each " +
    "errno; the same with fuse-overlayfs (the snapshotter k3s uses without overlayfs). Holds when the bindfs " +
    "mount succeeds and readdir, read and write all fail with ENOSYS; blocked when the mount fails.",
  appliesTo: onlyNative,
});

export const fuseFindings = [ioEnosys];
