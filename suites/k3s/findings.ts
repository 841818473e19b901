/**
 * Findings about k3s inside the sandbox (the k3s tier). Data only: ids are stable, never renamed. Where no
 * k3s can be provided (no registry, no package on these machines) each is a visible skip saying how to.
 */
import type { CellDimensions } from "../../helpers/env/cell.js";
import { defineFinding } from "../../helpers/finding/finding.js";
import { currentK3sTier } from "../../helpers/k3s/host-probes.js";
import { K3S_TIMING_DEFAULTS } from "../../helpers/k3s/timings.js";

/**
 * The tier runs in the native cgroup setup (k3s sets up its own cgroups there), and only where k3s can be had:
 * a process-wide fact. The skip says what is missing; how to provide it is said once, in the run summary.
 */
const needsK3s = (cell: CellDimensions): string | null => {
  if (cell.cgroupSetup !== "native")
    return `the k3s tier runs in the native cgroup setup only (this cell: ${cell.cgroupSetup})`;
  const tier = currentK3sTier();
  return tier.available
    ? null
    : `${tier.summary.split(": set ")[0] ?? tier.summary} (how to provide it: run summary, README)`;
};

/** What "the control plane works" means in the log (Experiment 05 list, repeated in 17): one verdict each. */
export const CONTROL_PLANE_CAPABILITIES = [
  { id: "api-server", what: "GET /readyz?verbose answers ok" },
  { id: "scheduler", what: "the kube-scheduler lease is held and renewed" },
  { id: "controller-manager", what: "the kube-controller-manager lease is held and renewed" },
  { id: "coredns", what: "the coredns Deployment in kube-system becomes Available" },
  { id: "deployments", what: "a Deployment is created, got, described and deleted (and gets its ReplicaSet)" },
  { id: "services", what: "a ClusterIP Service is created, got, described and deleted" },
  { id: "configmaps", what: "a ConfigMap is created, got, described and deleted" },
  { id: "crds", what: "a CRD becomes Established; an object of it is created, got, described, deleted" },
  { id: "rbac-allow", what: "a ServiceAccount bound to a Role may list ConfigMaps (impersonated)" },
  { id: "rbac-deny", what: "the same ServiceAccount is Forbidden to delete a ConfigMap" },
  { id: "server-dry-run", what: "apply --dry-run=server succeeds and creates nothing" },
  {
    id: "helmchart",
    what: "a HelmChart (chart inline) is installed, upgraded and removed by k3s' helm controller",
  },
] as const;
export type ControlPlaneCapability = (typeof CONTROL_PLANE_CAPABILITIES)[number]["id"];

export const k3sServerStable = defineFinding({
  id: "k3s/server-stable",
  claim:
    "A k3s server (with its agent) MUST start inside the sandbox, answer on its API and stay up, process " +
    "alive and /readyz ok, for the whole watch.",
  source: { experiment: "15", section: "Context (15+ minute stable k3s worker nodes)" },
  dimensions: ["runtime", "release", "platform", "cgroupSetup"],
  method:
    "Start `k3s server` (agent mode, flags from helpers/k3s/server-args.ts) in the sandbox; wait for /readyz " +
    "and the node to register; then sample process and /readyz every 10 s for " +
    `${K3S_TIMING_DEFAULTS.stableSeconds} s (the CI default; the log ran 15+ minutes: ` +
    "GVC_K3S_STABLE_SECONDS=900 reproduces it).",
  appliesTo: needsK3s,
});

export const k3sControlPlane = defineFinding({
  id: "k3s/control-plane",
  claim:
    "The k3s control plane MUST work inside the sandbox: API server, scheduler, controller manager and CoreDNS " +
    "ready; Deployments, Services, ConfigMaps and CRDs managed; RBAC allowing and denying; server-side dry " +
    "run; a HelmChart installed, upgraded and removed.",
  source: { experiment: "05/15", section: "Recommendations > Accept Control-Plane-Only Solution" },
  dimensions: ["runtime", "release", "platform", "cgroupSetup"],
  method:
    `One check per capability (${CONTROL_PLANE_CAPABILITIES.map((c) => c.id).join(", ")}) with k3s' ` +
    "kubectl in the sandbox; each capability's verdict is evidence and the counts are stats; the finding " +
    "holds when every capability holds.",
  appliesTo: needsK3s,
});

export const k3sPodSandboxFails = defineFinding({
  id: "k3s/pod-sandbox-fails",
  claim:
    "A pod scheduled on the sandbox's k3s node MUST reach ContainerCreating and fail with " +
    "FailedCreatePodSandBox because runc cannot apply its cgroup configuration, with or without a faker.",
  source: { experiment: "16/17", section: "Phase 4: Test Pod Creation with Real-Time Files" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "Untaint node runsc as the log did, create a hostNetwork pod (pause image from the pod images), wait for " +
    "Running or FailedCreatePodSandBox; the event's message is classified (helpers/probes/" +
    "runtime-error-class.ts) and compared with the class the log saw for the cell's faker.",
  appliesTo: needsK3s,
});

export const k3sFindings = [k3sServerStable, k3sControlPlane, k3sPodSandboxFails];
