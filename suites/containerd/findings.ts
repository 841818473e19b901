/** Findings about containerd inside the sandbox (research log, experiments 16 and 17). Data only. */
import { nativeWithoutFaker, withFaker } from "../../helpers/finding/applies-to.js";
import type { CellDimensions } from "../../helpers/env/cell.js";
import { defineFinding } from "../../helpers/finding/finding.js";
import { SOURCE_ALTERNATIVES, withoutKernelCgroupFiles } from "../oci-runtimes/findings.js";

/** The chain kubelet's event quotes, outermost layer first, up to the cgroup cause. */
export const POD_SANDBOX_CHAIN = [
  "failed to create shim task",
  "OCI runtime create failed",
  "runc create failed",
  "unable to start container process",
  "unable to apply cgroup configuration",
] as const;

export const podSandboxError = defineFinding({
  id: "containerd/pod-sandbox-error",
  claim:
    "containerd asked for a container in the k8s.io namespace MUST fail with the chain `failed to create shim task: " +
    "OCI runtime create failed: runc create failed: unable to start container process: unable to apply cgroup " +
    "configuration: ...`.",
  source: { experiment: "16/17", section: "Context and Phase 4: the FailedCreatePodSandBox events" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "containerd started inside the sandbox (native snapshotter, own socket); a busybox-static OCI image built and " +
    "imported there (no registry); `ctr -n k8s.io run --cgroup /k8s.io/<64-hex id>` x5 (GVC_RUNC_TRIALS), without " +
    "faker and with pre-created files. Holds when 90% of trials fail with that chain; blocked when containerd, the " +
    "image or the shim fails before runc is reached.",
  appliesTo: withFaker("none", "pre-created"),
});

const containerdRunsPods = nativeWithoutFaker("where containerd runs pods");

/**
 * Where the k3s tier's image meets it: the kubelet's containerd with k3s' own config (shared/K3S-NOTES.md, "The
 * pod, layer by layer"), measured in the cells where containerd otherwise runs pods (native, no faker).
 */
export const criKernelVersionCheck = defineFinding({
  id: "containerd/cri-kernel-version-check",
  claim:
    "containerd's CRI plugin MUST refuse to load in the sandbox when unprivileged ports and ICMP are enabled (k3s' " +
    "containerd config enables both): `invalid plugin config: unprivileged_icmp and unprivileged_port require " +
    "kernel version greater than or equal to 4.11` (the sandbox reports 4.4.0).",
  source: {
    experiment: "25-31",
    section: "The pod, layer by layer (the log's project notes: shared/K3S-NOTES.md)",
  },
  dimensions: ["runtime", "release", "platform", "image"],
  method:
    "The image's containerd started three times inside the sandbox (own root, state and socket each): " +
    "enable_unprivileged_ports and enable_unprivileged_icmp both false (does the CRI plugin load at all?), both " +
    "true (k3s' setting), and unset (containerd's defaults); `ctr plugins ls` gives each CRI plugin's status and " +
    "containerd's log why one did not load. Holds when the plugin loads with both off and is refused with both on " +
    "for the kernel version; blocked when it does not load with both off.",
  appliesTo: containerdRunsPods,
});

/** Where a cell's containerd is 2.x (sid): 1.x has no transfer service (unknown: measured, then blocked). */
const containerd2 = (cell: CellDimensions): string | null => {
  const native = containerdRunsPods(cell);
  if (native !== null) return native;
  const major = Number(cell.containerdVersion.split(".")[0]);
  return cell.containerdVersion === "unknown" || major >= 2
    ? null
    : `containerd ${cell.containerdVersion} has no transfer service (containerd 2 only)`;
};

/** A blocker of the log's project (shared/K3S-NOTES.md): containerd 2 importing an image in the sandbox. */
export const transferImportUnpack = defineFinding({
  id: "containerd/transfer-import-unpack",
  claim:
    "containerd 2 MUST fail to import an image through its transfer service in the sandbox: `unable to initialize " +
    "unpacker: no unpack platforms defined` (the log's project imported images to avoid the pull path).",
  source: {
    experiment: "25-31",
    section: "The pod, layer by layer (the log's project notes: shared/K3S-NOTES.md)",
  },
  dimensions: ["runtime", "release", "platform", "image"],
  method:
    "The image's containerd started inside the sandbox (its default snapshotters, own root and socket); a " +
    "busybox-static OCI image built there and imported with `ctr images import --snapshotter native` without " +
    "--local, i.e. through containerd 2's transfer service. Holds when the import fails for its unpack platforms; " +
    "blocked when containerd or the image is never ready.",
  appliesTo: containerd2,
});

/** The log's alternative runtime behind containerd: where containerd lets the runc shim run another binary. */
export const crunWithoutKernelCgroups = defineFinding({
  id: "containerd/crun-without-kernel-cgroups",
  claim:
    "containerd with crun as its OCI runtime MUST NOT be able to run a container without kernel-backed cgroup " +
    "files either (the log: 'Replace runc: crun, youki, etc. Problem: All OCI runtimes require cgroup support').",
  source: SOURCE_ALTERNATIVES,
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "containerd started inside the sandbox as for containerd/pod-sandbox-error (native snapshotter, the imported " +
    "busybox-static image); `ctr -n k8s.io run --runc-binary crun --net-host --cgroup /k8s.io/<64-hex id>` x5 " +
    "(GVC_RUNC_TRIALS): the runc shim runs crun (its BinaryName option), in the sandbox's network namespace (a " +
    "hostNetwork pod's container: gVisor refuses crun's loopback ioctl in a new one). Holds when no trial ran and " +
    "they failed at their cgroup files; does not hold when one ran; blocked when containerd, the image or crun " +
    "stopped before its cgroups, or past them for another reason.",
  appliesTo: withoutKernelCgroupFiles,
});

export const containerdFindings = [
  podSandboxError,
  criKernelVersionCheck,
  transferImportUnpack,
  crunWithoutKernelCgroups,
];
