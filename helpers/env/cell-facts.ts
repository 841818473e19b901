/**
 * The facts a cell observes, as dimensions expectation rules may key on: measured causes (openat2 in the sandbox
 * kernel, the image's runc, the cgroup version inside the sandbox) rather than the release that brought them, so
 * the next release that gains or loses one is expected correctly without a new rule. Pure: from the cell's
 * observation and syscall inventory.
 */
import { upstreamRuncVersion } from "../finding/runc-version.js";
import { declaredSandboxCgroup } from "../host/runsc-cgroup-variants.js";
import type { CellObservation } from "../report/results-schema.js";
import type {
  CellFacts,
  LoopbackUpFact,
  IptablesCommentFact,
  Openat2Fact,
  ProcEntryFact,
  ProcfsRootFact,
  Runtime,
  SandboxCgroupFact,
  SentryDroppableMmapFact,
  SentryGetrandomStateFact,
  TmpfsSizeOptionsFact,
} from "./cell.js";

/** What the host sees of a runsc cell's sentry: its droppable mappings (smaps) and its seccomp rule for mmap. */
export interface SentryObservation {
  droppableMappings: number | null;
  droppableMmap: SentryDroppableMmapFact;
}

/**
 * Why: one place turning what a cell start measured into its facts. `observation` null: the cell was not
 * observed (blocked before it), so runc is unknown and the cgroup version is the declared one; `inventory` null
 * or without openat2: not measured.
 */
export function factsOf(
  observation: Pick<
    CellObservation,
    "cgroupMounts" | "runcVersion" | "kernelRelease" | "containerdVersion" | "crunVersion"
  > | null,
  inventory: Record<string, unknown> | null | undefined,
  runtime: Runtime,
  sentry: SentryObservation | null = null,
): CellFacts {
  return {
    openat2: openat2Fact(inventory),
    runcVersion: observation ? upstreamRuncVersion(observation.runcVersion) : "unknown",
    sandboxCgroup: observation ? sandboxCgroupFact(observation.cgroupMounts) : declaredCgroup(runtime),
    procfsRoot: procfsRootFact(inventory),
    tmpfsSizeOptions: tmpfsSizeOptionsFact(inventory),
    kernelVersion: observation ? upstreamRuncVersion(observation.kernelRelease) : "unknown",
    containerdVersion: observation ? containerdVersionFact(observation.containerdVersion) : "unknown",
    crunVersion: observation?.crunVersion ? upstreamRuncVersion(observation.crunVersion) : "unknown",
    procSetgroups: procEntryFact(inventory, "/proc/self/setgroups"),
    mountSetattr: syscallFact(inventory, "mount_setattr"),
    loopbackUp: loopbackUpFact(inventory),
    iptablesComment: iptablesCommentFact(inventory),
    sentryGetrandomState: sentryGetrandomStateFact(sentry?.droppableMappings),
    sentryDroppableMmap: sentry?.droppableMmap ?? "unknown",
  };
}

/**
 * The sentry's droppable mappings as a fact: `mapped` when it has one (the Go runtime's vDSO getrandom state:
 * nothing else in runsc maps memory droppable), `none` when it has none, `unknown` when not read.
 */
export function sentryGetrandomStateFact(droppableMappings: number | null | undefined): SentryGetrandomStateFact {
  if (droppableMappings === null || droppableMappings === undefined) return "unknown";
  return droppableMappings > 0 ? "mapped" : "none";
}

/** A path of the inventory (`true` when it exists): `present`, `absent`, or `unknown`. */
export function procEntryFact(
  inventory: Record<string, unknown> | null | undefined,
  entry: string,
): ProcEntryFact {
  const found = inventory?.[entry];
  return found === true ? "present" : found === false ? "absent" : "unknown";
}

/** The inventory's `lo up in a new netns` (`{result, errno}`): `accepted`, `refused`, or `unknown`. */
export function loopbackUpFact(inventory: Record<string, unknown> | null | undefined): LoopbackUpFact {
  return acceptedFact(inventory?.["SIOCSIFFLAGS lo up in a new netns"]);
}

/**
 * The inventory's `iptables -m comment in a new netns` (`{result, errno}`): `accepted`, `refused`, or `unknown`
 * where it could not be asked (no iptables in the image: `missing`; no new netns: `unshare`; a timeout).
 */
export function iptablesCommentFact(inventory: Record<string, unknown> | null | undefined): IptablesCommentFact {
  const r = inventory?.["iptables -m comment in a new netns"];
  const errno = (r as { errno?: unknown } | null | undefined)?.errno;
  if (typeof errno === "string" && (errno === "missing" || / timed out$/.test(errno))) return "unknown";
  return acceptedFact(r);
}

/** A call of the inventory (`{result, errno}`): `accepted` (0), `refused` (an errno), or `unknown`. */
export function acceptedFact(r: unknown): LoopbackUpFact {
  if (typeof r !== "object" || r === null) return "unknown";
  const { result, errno } = r as { result?: unknown; errno?: unknown };
  if (result === 0) return "accepted";
  return typeof errno === "string" && errno !== "unshare" ? "refused" : "unknown";
}

/**
 * containerd's `--version` line (`containerd github.com/containerd/containerd/v2 2.1.9+unknown`) as `x.y.z`: the
 * first version after the module path (whose `/v2` is no version).
 */
export function containerdVersionFact(line: string): string {
  return upstreamRuncVersion(line.replace(/^\s*containerd\s+\S+/, ""));
}

/** The inventory's `tmpfs nr_blocks=1,nr_inodes=1` (`{result, errno}`): `accepted`, `einval`, or `unknown`. */
export function tmpfsSizeOptionsFact(inventory: Record<string, unknown> | null | undefined): TmpfsSizeOptionsFact {
  const mount = inventory?.["tmpfs nr_blocks=1,nr_inodes=1"];
  if (typeof mount !== "object" || mount === null) return "unknown";
  const { result, errno } = mount as { result?: unknown; errno?: unknown };
  if (result === 0) return "accepted";
  return errno === "EINVAL" ? "einval" : "unknown";
}

/** The inventory's `procfs root inode` (a number): `inode-1`, `other-inode`, or `unknown`. */
export function procfsRootFact(inventory: Record<string, unknown> | null | undefined): ProcfsRootFact {
  const ino = inventory?.["procfs root inode"];
  if (typeof ino !== "number") return "unknown";
  return ino === 1 ? "inode-1" : "other-inode";
}

/** `openat2` of the inventory (`{result, errno, implemented}`): `implemented`, `enosys`, or `unknown`. */
export function openat2Fact(inventory: Record<string, unknown> | null | undefined): Openat2Fact {
  return syscallFact(inventory, "openat2");
}

/** A syscall of the inventory (`{result, errno, implemented}`): `implemented`, `enosys`, or `unknown`. */
export function syscallFact(inventory: Record<string, unknown> | null | undefined, name: string): Openat2Fact {
  const call = inventory?.[name];
  if (typeof call !== "object" || call === null) return "unknown";
  const { implemented, errno } = call as { implemented?: unknown; errno?: unknown };
  if (implemented === true) return "implemented";
  if (implemented === false || errno === "ENOSYS") return "enosys";
  return "unknown";
}

/**
 * The cgroup version from lines of /proc/self/mountinfo: `v2` when cgroup2 is mounted at /sys/fs/cgroup, `v1`
 * when any cgroup (v1) filesystem is mounted, else `none`.
 */
export function sandboxCgroupFact(mountinfoLines: readonly string[]): Exclude<SandboxCgroupFact, "unknown"> {
  const mounts = mountinfoLines.map((line) => {
    const [before = "", after = ""] = line.split(" - ");
    return { fields: before.trim().split(/\s+/), fstype: after.trim().split(/\s+/)[0] ?? "" };
  });
  if (mounts.some((m) => m.fstype === "cgroup2" && m.fields.includes("/sys/fs/cgroup"))) return "v2";
  if (mounts.some((m) => m.fstype === "cgroup")) return "v1";
  return "none";
}

/** The cgroup version a runtime asks for inside the sandbox; the runc baseline's is v1. */
function declaredCgroup(runtime: Runtime): "v1" | "v2" {
  return runtime.kind === "runsc" ? declaredSandboxCgroup(runtime.runtimeArgs) : "v1";
}
