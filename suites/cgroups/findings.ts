/** Findings about cgroup directories inside the sandbox (research log, experiment 17). Data only. */
import { kernelOnly } from "../../helpers/finding/applies-to.js";
import { defineFinding } from "../../helpers/finding/finding.js";

export const noAutopopulate = defineFinding({
  id: "cgroups/no-autopopulate",
  claim:
    "A directory made in a cgroup hierarchy inside the sandbox MUST stay empty: the kernel creates no control files.",
  source: { experiment: "17", section: "Test: Does gVisor Kernel Auto-Create Cgroup Files?" },
  dimensions: ["runtime", "release", "platform", "cgroupSetup"],
  method:
    "In every controller the cell's cgroup setup left usable: mkdir CONTROLLER/k8s.io/gvc-autopop-*, list it " +
    "(readdir d_type; statfs f_type and the mountinfo line of the directory), remove it. Holds when every new " +
    "directory is empty; blocked when no mkdir succeeded.",
  // A running faker fills new directories: these findings describe the sandbox kernel without one. On cgroup v2
  // the cell's tmpfs covers the one hierarchy's k8s.io: no new directory is made in a cgroup hierarchy there.
  appliesTo: (cell) =>
    kernelOnly(cell) ??
    (cell.sandboxCgroup === "v2" && cell.cgroupSetup !== "native"
      ? `on cgroup v2 the ${cell.cgroupSetup} setup covers the one hierarchy's k8s.io with a tmpfs: a new directory there is not in a cgroup hierarchy (measured in the native v2 cell)`
      : null),
});

export const fakeFilesAreRegular = defineFinding({
  id: "cgroups/fake-files-are-regular",
  claim:
    "Files a userspace faker writes into a new cgroup directory MUST be regular files on a non-cgroup " +
    "filesystem, not cgroup files; and the faker MUST be able to create them.",
  source: { experiment: "17", section: "Root Cause Analysis: But They're Not Real Cgroup Files" },
  dimensions: ["runtime", "release", "platform", "cgroupSetup"],
  method:
    "In every usable controller: mkdir a new cgroup directory, then create the files the log's faker wrote " +
    "(cgroup.procs, tasks, and memory.limit_in_bytes / cpu.shares) where they do not exist yet (an existing file " +
    "is the kernel's and is never written); record per file whether creation was allowed (errno), its d_type " +
    "and statfs f_type. Holds when every file could be created and all are regular files off cgroupfs.",
  // A running faker fills new directories: these findings describe the sandbox kernel without one.
  appliesTo: kernelOnly,
});

export const cgroupFindings = [noAutopopulate, fakeFilesAreRegular];
