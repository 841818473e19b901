/** Findings about FUSE inside the sandbox (research log, experiment 07 as summarised in 17). Data only. */
import { onlyNative } from "../../helpers/finding/applies-to.js";
import { defineFinding } from "../../helpers/finding/finding.js";

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
