/** Findings about containerd inside the sandbox (research log, experiments 16 and 17). Data only. */
import { withFaker } from "../../helpers/finding/applies-to.js";
import { defineFinding } from "../../helpers/finding/finding.js";

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

export const containerdFindings = [podSandboxError];
