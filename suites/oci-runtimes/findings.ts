/**
 * The OCI runtimes beside runc (fixtures/oci-runtimes.json): the runc findings' claims asked of each of them,
 * and the log's own claim about all of them ("Replace runc: crun, youki, etc. Problem: All OCI runtimes require
 * cgroup support"). Data only: a runtime added to the fixture gets its findings without a new test.
 */
import { withFaker } from "../../helpers/finding/applies-to.js";
import type { CellDimensions } from "../../helpers/env/cell.js";
import { defineFinding, type Finding } from "../../helpers/finding/finding.js";
import { runtimesBesideRunc, type OciRuntime } from "../../helpers/env/oci-runtimes.js";

/** Trials per runtime beside runc, and per runtime for the log's claim (GVC_OCI_TRIALS overrides). */
export const ociTrials = (): number => Number(process.env.GVC_OCI_TRIALS ?? 3);

export const SOURCE_ALTERNATIVES = {
  experiment: "17",
  section: "Alternative Approaches: Different container runtime (crun, youki, etc.)",
} as const;

const DIMENSIONS = ["runtime", "release", "platform", "image", "cgroupSetup", "faker"] as const;

const viaRuntime = (rt: OciRuntime): string =>
  rt.source.kind === "debian"
    ? `${rt.name} from the image's Debian suite (package ${rt.source.package})`
    : `${rt.name} ${rt.source.version} built from its crate by setup (features: ${rt.source.features.join(", ") || "none"})`;

/** The three runc claims, asked of one more runtime: the same bundle, cells and trials as runc's. */
export interface RuntimeFindings {
  runtime: OciRuntime;
  enoentWithoutFiles: Finding;
  rejectsFakeFiles: Finding;
  blockedWithoutKernelCgroups: Finding;
}

/**
 * Where a runtime's findings run, besides their faker mode: each build's own platform (its platform variants
 * measure the kernel areas), and for a runtime built by setup only the bookworm image (the same binary is copied
 * into both images; the bundle's rootfs is busybox either way). A Debian runtime differs per suite (crun 1.8.1,
 * 1.28): both images.
 */
export function runtimeCells(rt: OciRuntime, ...modes: CellDimensions["faker"][]) {
  return (cell: CellDimensions, runtimeName: string): string | null => {
    if (/-platform-/.test(runtimeName))
      return `measured on each build's own platform, not its platform variants (this cell: ${runtimeName})`;
    if (rt.source.kind === "cargo" && cell.image !== "bookworm")
      return `${rt.name} is one binary built by setup for both images: measured in the bookworm cells (this cell: ${cell.image})`;
    return withFaker(...modes)(cell);
  };
}

export function findingsFor(rt: OciRuntime): RuntimeFindings {
  const how = viaRuntime(rt);
  return {
    runtime: rt,
    enoentWithoutFiles: defineFinding({
      id: `${rt.name}/enoent-without-files`,
      claim:
        `Without control files ${rt.name} MUST fail as runc does, at the new cgroup's cgroup.procs: no such file ` +
        "or directory (the log: every OCI runtime needs kernel-backed cgroup files).",
      source: SOURCE_ALTERNATIVES,
      dimensions: DIMENSIONS,
      method:
        `${how}: \`${rt.name} run\` of runc's busybox-static bundle with linux.cgroupsPath /k8s.io/<64-hex id>, 3 ` +
        "trials (GVC_OCI_TRIALS; shared with its never-starts finding), no faker; each error classified. Holds when 90% of trials end in " +
        "cgroup-procs-enoent; blocked when the runtime stops before it makes cgroups, or is not in the image.",
      appliesTo: runtimeCells(rt, "none"),
    }),
    rejectsFakeFiles: defineFinding({
      id: `${rt.name}/rejects-fake-files`,
      claim: `When faked control files are present, ${rt.name} MUST refuse them as runc does (not a cgroup file).`,
      source: SOURCE_ALTERNATIVES,
      dimensions: DIMENSIONS,
      method:
        `${how}: the oracle faker (directory and files made before the runtime starts), \`${rt.name} run\` x3 (GVC_OCI_TRIALS); ` +
        "one more trial under strace -f shows the path it takes to its cgroup files (openat2 or open, O_CREAT or " +
        "not, fstatfs). Holds when 90% end in not-a-cgroup-file.",
      appliesTo: runtimeCells(rt, "pre-created"),
    }),
    blockedWithoutKernelCgroups: defineFinding({
      id: `${rt.name}/blocked-without-kernel-cgroups`,
      claim: `${rt.name} MUST NOT be able to start a container inside the sandbox (the log's conclusion, for runc).`,
      source: SOURCE_ALTERNATIVES,
      dimensions: DIMENSIONS,
      method:
        `${how}: \`${rt.name} run\` x3 (GVC_OCI_TRIALS; the same trials as its ENOENT finding) and create + ` +
        "start once, no faker. Holds when no trial starts the " +
        "container, whatever stopped it (its class says what); the native cgroupfs cells are the positive control.",
      appliesTo: runtimeCells(rt, "none"),
    }),
  };
}

export const runtimeFindings: RuntimeFindings[] = runtimesBesideRunc().map(findingsFor);

/** The cells without kernel-backed files under k8s.io: the log's tmpfs setups, no faker. */
export const withoutKernelCgroupFiles = (cell: CellDimensions): string | null =>
  cell.cgroupSetup === "native"
    ? "needs a cell without kernel-backed cgroup files under k8s.io (the log's tmpfs setups); this cell is native"
    : withFaker("none")(cell);

export const allNeedKernelCgroups = defineFinding({
  id: "oci-runtime/all-need-kernel-cgroups",
  claim:
    "Every OCI runtime measured (runc, crun, youki) MUST fail to start a container without kernel-backed cgroup " +
    "files: replacing runc is no way around the cgroup blocker (the log: 'All OCI runtimes require cgroup support').",
  source: SOURCE_ALTERNATIVES,
  dimensions: DIMENSIONS,
  method:
    "Each runtime of fixtures/oci-runtimes.json runs runc's busybox-static bundle x3 (GVC_OCI_TRIALS) with " +
    "cgroupsPath /k8s.io/<id> and no network namespace (a hostNetwork pod's container: crun's loopback ioctl is " +
    "not what the claim is about), plus one trial under strace for the path to its cgroup files. Per runtime: " +
    "started, failed at its cgroup files, or not judged (stopped before its cgroups, or past them for another " +
    "reason, or not installed). Holds when no runtime started and one at least failed at its cgroup files; does " +
    "not hold when any runtime started the container (named with its version); blocked when none was judged.",
  appliesTo: withoutKernelCgroupFiles,
});

export const ociRuntimeFindings: Finding[] = [
  ...runtimeFindings.flatMap((r) => [r.enoentWithoutFiles, r.rejectsFakeFiles, r.blockedWithoutKernelCgroups]),
  allNeedKernelCgroups,
];
