/**
 * The environment model: the dimensions a cell is made of, and the cell id that names it everywhere
 * (test names, report files, allure parameters).
 */

/** The Docker runtime a cell's sandbox runs under. */
export type Runtime =
  | { kind: "runc"; name: "runc" }
  | {
      kind: "runsc";
      /** Docker runtime name, e.g. `runsc-20240729` or `runsc-20240729-platform-kvm`. */
      name: string;
      /** gVisor release declared by the runtime's name, e.g. `20240729`. */
      release: string;
      /** Host path of the runsc binary the engine runs. */
      path: string;
      /** Flags registered with the runtime (`--network=none`, `--platform=...`). */
      runtimeArgs: readonly string[];
      /**
       * Registered to check a binary once (`--runsc`, GVC_RUNSC): its cells run only when a run names it
       * (`--runsc`, or a `--cells` pattern), never in the default selection or `all`.
       */
      oneOff?: boolean;
    };

/** `--platform=kvm` among a runtime's (or a runsc process's) flags, or null: the binary's default platform. */
export function declaredPlatform(args: readonly string[]): string | null {
  return args.find((a) => a.startsWith("--platform="))?.slice("--platform=".length) ?? null;
}

/** The sandbox image: Debian suite it is built from (sets the runc and containerd versions). */
export const IMAGE_SUITES = ["bookworm", "sid"] as const;
export type ImageSuite = (typeof IMAGE_SUITES)[number];

/** How /sys/fs/cgroup looks inside the sandbox before findings run. */
export const CGROUP_SETUPS = ["native", "overlay-memory", "overlay-all", "tmpfs"] as const;
export type CgroupSetup = (typeof CGROUP_SETUPS)[number];

/** Which cgroup faker runs inside the sandbox. */
export const FAKER_MODES = ["none", "poll", "bash", "ts", "pre-created"] as const;
export type FakerMode = (typeof FAKER_MODES)[number];

/** A cell: one point of the sparse environment matrix. */
export interface Cell {
  id: string;
  runtime: Runtime;
  image: ImageSuite;
  cgroupSetup: CgroupSetup;
  faker: FakerMode;
}

/** openat2 in the cell's syscall inventory: implemented, failing with ENOSYS, or not measured. */
export const OPENAT2_FACTS = ["implemented", "enosys", "unknown"] as const;
export type Openat2Fact = (typeof OPENAT2_FACTS)[number];

/** The cgroup version inside the sandbox as the runtime mounts it; `none`: no cgroupfs at all. */
export const SANDBOX_CGROUP_FACTS = ["v1", "v2", "none", "unknown"] as const;
export type SandboxCgroupFact = (typeof SANDBOX_CGROUP_FACTS)[number];

/**
 * procfs' root inode as the syscall inventory reads it: `inode-1` as on Linux (PROC_ROOT_INO), which runc 1.3
 * checks before it trusts /proc ("unsafe procfs detected: incorrect procfs root inode"); `other-inode` where the
 * sandbox's procfs gives its root another number (gVisor 20240729: 86); `unknown` when not measured.
 */
export const PROCFS_ROOT_FACTS = ["inode-1", "other-inode", "unknown"] as const;
export type ProcfsRootFact = (typeof PROCFS_ROOT_FACTS)[number];

/**
 * Whether the sandbox's tmpfs takes the size options runc 1.3 mounts its masks with (`nr_blocks=1,nr_inodes=1`
 * for a masked directory, "can't mask dir ... invalid argument" where refused): `accepted`, `einval` (measured:
 * every gVisor release before the 2026-09-05 snapshot), `unknown` when not measured.
 */
export const TMPFS_SIZE_OPTIONS_FACTS = ["accepted", "einval", "unknown"] as const;
export type TmpfsSizeOptionsFact = (typeof TMPFS_SIZE_OPTIONS_FACTS)[number];

/**
 * A procfs entry an OCI runtime reads before it makes any cgroup (crun: /proc/self/setgroups), as the syscall
 * inventory finds it: `present`, `absent` (gVisor 20221219 and 20240729), `unknown` when not measured.
 */
export const PROC_ENTRY_FACTS = ["present", "absent", "unknown"] as const;
export type ProcEntryFact = (typeof PROC_ENTRY_FACTS)[number];

/**
 * ioctl(SIOCSIFFLAGS) bringing up `lo` in a new network namespace, as crun does for every container with one:
 * `accepted`, `refused` (the errno is in the inventory), `unknown` when not measured.
 */
export const LOOPBACK_UP_FACTS = ["accepted", "refused", "unknown"] as const;
export type LoopbackUpFact = (typeof LOOPBACK_UP_FACTS)[number];

/**
 * iptables taking a rule with the comment match (kube-proxy's rules all carry one) in a new network namespace,
 * with the backend the kernel takes (nft, else legacy): `accepted`, `refused` (the message is in the inventory),
 * `unknown` when not measured (no iptables in the image, no new netns).
 */
export const IPTABLES_COMMENT_FACTS = LOOPBACK_UP_FACTS;
export type IptablesCommentFact = LoopbackUpFact;

/**
 * Whether the sentry (the runsc-sandbox process, seen from the host) holds vDSO getrandom state: a droppable
 * mapping (`dp` in /proc/<pid>/smaps). The Go runtime allocates it, a page of states at a time, once runsc is
 * built with Go 1.24 or later and the host kernel (6.11 or later) offers getrandom in its vDSO: `mapped`, `none`
 * (an older Go, or a kernel without it), `unknown` when not observed (no sandbox process, the runc baseline).
 */
export const SENTRY_GETRANDOM_STATE_FACTS = ["mapped", "none", "unknown"] as const;
export type SentryGetrandomStateFact = (typeof SENTRY_GETRANDOM_STATE_FACTS)[number];

/**
 * Whether the seccomp filter runsc installs on its sentry lets that state be allocated: mmap(PROT_READ|PROT_WRITE,
 * MAP_DROPPABLE|MAP_ANONYMOUS) (flags 0x28), as runsc's own debug log prints the filter: `allowed` (gVisor commit
 * 2ec68434d, release-20250804.0 and later), `refused` (a kill: the whole sandbox ends with SIGSYS), `unknown` when
 * not read (the runc baseline, a binary whose debug log has no mmap rule).
 */
export const SENTRY_DROPPABLE_MMAP_FACTS = ["allowed", "refused", "unknown"] as const;
export type SentryDroppableMmapFact = (typeof SENTRY_DROPPABLE_MMAP_FACTS)[number];

/**
 * The dimensions expectations and filters match on, as plain strings: the cell's declared dimensions, then the
 * facts it observes (measured causes a rule may key on: helpers/env/cell-facts.ts derives them).
 */
export interface CellDimensions {
  runtime: "runc" | "runsc";
  release: string;
  platform: string;
  image: ImageSuite;
  cgroupSetup: CgroupSetup;
  faker: FakerMode;
  /** From the syscall inventory; `unknown` when not measured (blocked cell, probe failed). */
  openat2: Openat2Fact;
  /** runc in the sandbox image as upstream `x.y.z` (`1.1.5`), or `unknown`. */
  runcVersion: string;
  /** From the sandbox's mountinfo; the declared version when the cell was not observed. */
  sandboxCgroup: SandboxCgroupFact;
  /** From the syscall inventory's procfs root inode; `unknown` when not measured. */
  procfsRoot: ProcfsRootFact;
  /** From the syscall inventory's tmpfs mount with runc's mask options; `unknown` when not measured. */
  tmpfsSizeOptions: TmpfsSizeOptionsFact;
  /** The kernel the container sees (`uname -r`) as `x.y.z` (`4.4.0`, `4.19.0`), or `unknown`. */
  kernelVersion: string;
  /** containerd in the sandbox image as upstream `x.y.z` (`1.6.20`, `2.1.9`), or `unknown`. */
  containerdVersion: string;
  /** crun in the sandbox image as upstream `x.y[.z]` (`1.8.1`, `1.28`), or `unknown`. */
  crunVersion: string;
  /** From the syscall inventory: /proc/self/setgroups (crun 1.8 reads it first). */
  procSetgroups: ProcEntryFact;
  /** From the syscall inventory: mount_setattr(2) (youki calls it preparing the container's rootfs). */
  mountSetattr: Openat2Fact;
  /** From the syscall inventory: ioctl(SIOCSIFFLAGS) on `lo` in a new network namespace (crun). */
  loopbackUp: LoopbackUpFact;
  /** From the syscall inventory: iptables -m comment in a new network namespace (kube-proxy). */
  iptablesComment: IptablesCommentFact;
  /** From the host: the sentry's vDSO getrandom state (a droppable mapping in its smaps). */
  sentryGetrandomState: SentryGetrandomStateFact;
  /** From runsc's debug log: its sentry's seccomp rule for mmap takes MAP_DROPPABLE|MAP_ANONYMOUS. */
  sentryDroppableMmap: SentryDroppableMmapFact;
}

/** The observed facts of a cell's dimensions. */
export type CellFacts = Pick<
  CellDimensions,
  | "openat2"
  | "runcVersion"
  | "sandboxCgroup"
  | "procfsRoot"
  | "tmpfsSizeOptions"
  | "kernelVersion"
  | "containerdVersion"
  | "crunVersion"
  | "procSetgroups"
  | "mountSetattr"
  | "loopbackUp"
  | "iptablesComment"
  | "sentryGetrandomState"
  | "sentryDroppableMmap"
>;

/** Facts of a cell nothing was measured of. */
export const UNKNOWN_FACTS: CellFacts = {
  openat2: "unknown",
  runcVersion: "unknown",
  sandboxCgroup: "unknown",
  procfsRoot: "unknown",
  tmpfsSizeOptions: "unknown",
  kernelVersion: "unknown",
  containerdVersion: "unknown",
  crunVersion: "unknown",
  procSetgroups: "unknown",
  mountSetattr: "unknown",
  loopbackUp: "unknown",
  iptablesComment: "unknown",
  sentryGetrandomState: "unknown",
  sentryDroppableMmap: "unknown",
};

/** Cell ids read as words: `runsc-20240729.bookworm.native.no-faker`. */
export function cellId(runtime: Runtime, image: ImageSuite, cgroupSetup: CgroupSetup, faker: FakerMode): string {
  return [runtime.name, image, cgroupSetup, faker === "none" ? "no-faker" : `faker-${faker}`].join(".");
}

export function makeCell(
  runtime: Runtime,
  image: ImageSuite,
  cgroupSetup: CgroupSetup = "native",
  faker: FakerMode = "none",
): Cell {
  return { id: cellId(runtime, image, cgroupSetup, faker), runtime, image, cgroupSetup, faker };
}

/**
 * The dimensions of a cell, with the platform as observed (runsc) or `native` (runc), and its observed facts
 * (`factsOf` in helpers/env/cell-facts.ts; all `unknown` when not given).
 */
export function dimensionsOf(
  cell: Cell,
  observedPlatform: string | null,
  facts: CellFacts = UNKNOWN_FACTS,
): CellDimensions {
  return {
    runtime: cell.runtime.kind,
    release: cell.runtime.kind === "runsc" ? cell.runtime.release : "host",
    platform: observedPlatform ?? "native",
    image: cell.image,
    cgroupSetup: cell.cgroupSetup,
    faker: cell.faker,
    openat2: facts.openat2,
    runcVersion: facts.runcVersion,
    sandboxCgroup: facts.sandboxCgroup,
    procfsRoot: facts.procfsRoot,
    tmpfsSizeOptions: facts.tmpfsSizeOptions,
    kernelVersion: facts.kernelVersion,
    containerdVersion: facts.containerdVersion,
    crunVersion: facts.crunVersion,
    procSetgroups: facts.procSetgroups,
    mountSetattr: facts.mountSetattr,
    loopbackUp: facts.loopbackUp,
    iptablesComment: facts.iptablesComment,
    sentryGetrandomState: facts.sentryGetrandomState,
    sentryDroppableMmap: facts.sentryDroppableMmap,
  };
}
