/**
 * Classifies an OCI runtime / containerd / kubelet error message into a stable class, so that a verdict and a
 * run-to-run diff compare causes rather than pids and container ids. Shared by the k3s tier (pod sandbox
 * events) and the runc/containerd-in-sandbox findings. Pure: the raw text is kept beside the result.
 */

/** The classes, in the order they are tried (the first that matches wins). */
export const RUNTIME_ERROR_CLASSES = [
  "success",
  "image-pull-failed",
  "cgroup-mount-missing",
  "unsafe-procfs",
  "setgroups-missing",
  "child-subreaper-refused",
  "intermediate-process-lost",
  "cgroup-namespace-unsupported",
  "shim-start-failed",
  "cgroup-procs-enoent",
  "cgroup-procs-not-cgroup-file",
  "cgroup-v2-device-bpf",
  "cgroup-file-cross-device",
  "cgroup-v2-file-missing",
  "mask-tmpfs-refused",
  "netns-loopback-refused",
  "mount-setattr-enosys",
  "permission-denied",
  "cgroup-other",
  "unknown",
] as const;
export type RuntimeErrorClass = (typeof RUNTIME_ERROR_CLASSES)[number];

/** Classes of failures that happen before runc writes any cgroup file: a cgroup claim cannot be judged there. */
export const BEFORE_CGROUP_WRITE: readonly RuntimeErrorClass[] = [
  "cgroup-mount-missing",
  "unsafe-procfs",
  "setgroups-missing",
  "child-subreaper-refused",
  "intermediate-process-lost",
  "cgroup-namespace-unsupported",
  "shim-start-failed",
];

export interface ClassifiedRuntimeError {
  class: RuntimeErrorClass;
  /** The message on one line, with pids as `<PID>`, container/sandbox ids as `<ID>`, pod uids as `<UID>`. */
  normalised: string;
  /** The message exactly as given. */
  raw: string;
  /** The wrapping chain, outermost first, then the cause; a trailing `: unknown` (gRPC code) is left out. */
  layers: string[];
}

const TESTS: readonly [Exclude<RuntimeErrorClass, "success" | "unknown">, RegExp][] = [
  [
    "image-pull-failed",
    /failed to (get sandbox image|pull image|pull and unpack image)|ErrImagePull|ImagePullBackOff/i,
  ],
  [
    "cgroup-mount-missing",
    // youki's v1 manager: `CGroupRequired(Devices)` (a controller it requires has no usable mount).
    /no cgroup mount found|cgroup mountpoint does not exist|mountpoint for \S+ not found|cannot find cgroup mount|CGroupRequired\(/i,
  ],
  // runc 1.2+ checks that /proc is a real procfs; gVisor's procfs root inode is not 1 (measured: 75, 86).
  // youki's libpathrs makes the same check and panics when no /proc/thread-self candidate passes it.
  ["unsafe-procfs", /unsafe procfs detected|candidate \/proc\/thread-self path should work/i],
  // crun reads /proc/self/setgroups before it makes any cgroup (strace); gVisor 20240729's procfs has none.
  ["setgroups-missing", /\/proc\/self\/setgroups`?: No such file or directory/i],
  // crun makes itself a child subreaper before anything else; on gVisor 20221219 that fails (EINVAL), as
  // containerd's shim does there (the syscall inventory's own prctl(PR_SET_CHILD_SUBREAPER) succeeds).
  ["child-subreaper-refused", /set child subreaper: invalid argument/i],
  // youki's main process lost its intermediate process before it reported (gVisor 20221219: strace shows no
  // cgroup access before it; cause not named).
  ["intermediate-process-lost", /failed to receive\. "waiting for intermediate process"/i],

  // A spec that asks for a cgroup namespace where the kernel has none (/proc/self/ns/cgroup): runc's config check.
  ["cgroup-namespace-unsupported", /cgroup namespaces aren't enabled in the kernel/i],
  // containerd's shim cannot start (20221219: prctl(PR_SET_CHILD_SUBREAPER) fails): runc is never reached.
  ["shim-start-failed", /failed to start shim/i],
  // runc and crun: `.../cgroup.procs: no such file or directory`; youki: `Open { err: Os { code: 2, kind: NotFound,
  // message: "No such file or directory" }, path: ".../cgroup.procs" }`.
  [
    "cgroup-procs-enoent",
    /cgroup\.procs`?: no such file or directory|No such file or directory[^}]*\}, path: "[^"]*\/cgroup\.procs"/i,
  ],
  ["cgroup-procs-not-cgroup-file", /cgroup\.procs: not a cgroup file/i],
  // runc's cgroup v2 manager enforces the device rules with an eBPF program attached to the container's cgroup;
  // where bpf(BPF_PROG_ATTACH) is refused (gVisor's bpf(2) is a stub) it fails after the cgroup was made and joined.
  // crun queries the programs attached to the cgroup first (`bpf query`): EBADF where the cgroup is a tmpfs dir.
  [
    "cgroup-v2-device-bpf",
    /BPF_PROG_ATTACH|BPF_CGROUP_DEVICE|bpf_prog_load|loading cgroup device filter|bpf query: bad file descriptor/i,
  ],
  // runc's cgroup v2 manager opens every cgroup file with openat2(RESOLVE_BENEATH|RESOLVE_NO_XDEV) under the
  // cgroup2 mount's fd: a file on another mount below it (a tmpfs over k8s.io) is refused with EXDEV.
  ["cgroup-file-cross-device", /openat2 \S*cgroup\S*: invalid cross-device link/i],
  // A control file the cgroup v2 manager sets is missing from the kernel's cgroup2 (gVisor's has no
  // memory.oom.group, which the kubelet asks for on cgroup v2).
  ["cgroup-v2-file-missing", /unable to set unified resource/i],
  // runc 1.3 masks a directory (/sys/firmware) with a read-only tmpfs mounted `nr_blocks=1,nr_inodes=1`; a
  // sandbox whose tmpfs refuses those options (EINVAL) stops it at container init, after its cgroups were set.
  ["mask-tmpfs-refused", /can't mask (dir|path) \S+: mount src=tmpfs[^\n]*: invalid argument/i],
  // crun brings up the new network namespace's loopback with ioctl(SIOCSIFFLAGS), after it joined its cgroups;
  // a sandbox whose netstack refuses that ioctl (ENOTTY) stops it there.
  ["netns-loopback-refused", /ioctl\(?\s*SIOCSIFFLAGS\)?/i],
  // youki mounts the container's /proc and then calls mount_setattr(2); ENOSYS stops it at rootfs preparation,
  // after it joined its cgroups.
  ["mount-setattr-enosys", /failed to prepare rootfs err=Mount\(Syscall\(Nix\(ENOSYS\)\)\)/i],
  ["permission-denied", /permission denied|operation not permitted/i],
  ["cgroup-other", /cgroup/i],
];

/** Wrappers that containerd, the shim, runc and the kubelet put in front of the cause, in any order. */
const WRAPPERS: readonly RegExp[] = [
  /^Failed to create pod sandbox/i,
  /^rpc error: code = \w+ desc =/,
  /^failed to create containerd task/i,
  /^failed to create task for container/i,
  /^failed to create shim task/i,
  /^Error response from daemon/i,
  /^OCI runtime (create|start|exec|run) failed/i,
  /^(runc|crun) (create|run|start|exec) failed/i,
  /^unable to start container process/i,
  /^error during container init/i,
  /^unable to apply cgroup configuration/i,
  /^\w+\.go:\d+: [^:]*caused/,
];

const NOT_ALNUM_BEFORE = "(?<![0-9A-Za-z])";
const NOT_ALNUM_AFTER = "(?![0-9A-Za-z])";
const HEX = "[0-9a-fA-F]";
/** Pod uids: dashed (`pod<uid>` in cgroupfs paths) or underscored (systemd slice names). */
const UID = new RegExp(
  `(?:(?<=pod)|${NOT_ALNUM_BEFORE})${HEX}{8}[-_]${HEX}{4}[-_]${HEX}{4}[-_]${HEX}{4}[-_]${HEX}{12}${NOT_ALNUM_AFTER}`,
  "g",
);
const FULL_ID = new RegExp(`${NOT_ALNUM_BEFORE}(?:${HEX}{64}|${HEX}{32})${NOT_ALNUM_AFTER}`, "g");
/** The research log shortens ids by hand: `383c4967...`. */
const SHORT_ID = new RegExp(`${NOT_ALNUM_BEFORE}${HEX}{6,63}(?:\\.\\.\\.|…)`, "g");

/** Why: one line with stable placeholders, so the same failure compares equal across pods, runs and hosts. */
export function normaliseRuntimeError(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/<hash>/gi, "<ID>")
    .replace(UID, "<UID>")
    .replace(FULL_ID, "<ID>")
    .replace(SHORT_ID, "<ID>")
    .replace(/failed to write "?\d+"?(?=:)/g, "failed to write <PID>")
    .replace(/\/proc\/\d+\//g, "/proc/<PID>/")
    .replace(/\bpid[ =:]\s*\d+/gi, (m) => m.replace(/\d+$/, "<PID>"));
}

/** Why: the chain says which component gave up (kubelet, containerd, shim, runc) apart from the cause. */
export function splitLayers(normalised: string): string[] {
  const layers: string[] = [];
  let rest = normalised.replace(/: unknown$/i, "").trim();
  for (;;) {
    const match = WRAPPERS.map((re) => re.exec(rest)?.[0]).find((m) => m !== undefined);
    const after = match === undefined ? "" : rest.slice(match.length);
    if (match === undefined || !/^(:\s|\s|$)/.test(after)) break;
    layers.push(match);
    rest = after.replace(/^:?\s*/, "");
  }
  if (rest !== "") layers.push(rest);
  return layers;
}

/** Why: a stable class per cause, so expectations and diffs talk about causes, not message text. */
export function classifyRuntimeError(text: string): ClassifiedRuntimeError {
  const normalised = normaliseRuntimeError(text);
  const layers = splitLayers(normalised);
  if (normalised === "") return { class: "success", normalised, raw: text, layers };
  const found = TESTS.find(([, re]) => re.test(normalised))?.[0] ?? "unknown";
  return { class: found, normalised, raw: text, layers };
}

/** Why: runc failing while applying cgroups is the log's blocker, whatever errno the cgroup write got. */
export function isCgroupApplyFailure(c: ClassifiedRuntimeError): boolean {
  return c.class.startsWith("cgroup-") || c.layers.some((l) => /^unable to apply cgroup configuration$/i.test(l));
}
