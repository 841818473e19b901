/**
 * Findings about k3s inside the sandbox (the k3s tier). Data only: ids are stable, never renamed. The cluster
 * is k3s where one is provided, else upstream Kubernetes built from source (the run summary and every verdict
 * name which). Where neither can be had each finding is a visible skip saying how to provide one.
 */
import type { CellDimensions } from "../../helpers/env/cell.js";
import { defineFinding } from "../../helpers/finding/finding.js";
import { currentK3sTier } from "../../helpers/k3s/host-probes.js";
import { cellShape, k3sTierRole } from "../../helpers/k3s/tier-cells.js";
import { K3S_TIMING_DEFAULTS } from "../../helpers/k3s/timings.js";

/** The tier runs in the cells fixtures/cells.json names (`k3sTier`): elsewhere its findings do not apply. */
const tierCells =
  (roles: readonly ("cluster" | "pods")[]) =>
  (cell: CellDimensions, runtimeName: string): string | null => {
    const role = k3sTierRole(cell, undefined, runtimeName);
    return role === null || !roles.includes(role)
      ? `the k3s tier runs this finding in the ${roles.join(" and ")} cells of fixtures/cells.json (k3sTier), not in ${cellShape(cell)}`
      : null;
  };
const clusterCells = tierCells(["cluster"]);
const podCells = tierCells(["cluster", "pods"]);

/**
 * Where it applies, the tier runs only where a cluster can be had (a process-wide fact): the skip says what is
 * missing; how to provide it is said once, in the run summary.
 */
const tierUnavailable = (): string | null => {
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
    id: "helm",
    what: "the helm CLI installs, upgrades and uninstalls a chart packaged from fixtures/ (gvc-chart)",
  },
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
    "Start the cluster with its agent in the sandbox (`k3s server`, flags from helpers/k3s/server-args.ts; or " +
    "the kubernetes source's fixtures/image/cluster/start-cluster.sh, whose supervisor exits when any component " +
    "does); wait for /readyz and the node to register; then sample process and /readyz every 10 s for " +
    `${K3S_TIMING_DEFAULTS.stableSeconds} s while the control-plane checks run against it (the CI default; the ` +
    "log ran 15+ minutes: GVC_K3S_STABLE_SECONDS=900 reproduces it).",
  appliesTo: clusterCells,
  unavailable: tierUnavailable,
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
    `One check per capability (${CONTROL_PLANE_CAPABILITIES.map((c) => c.id).join(", ")}) with the ` +
    "source's kubectl (and helm) in the sandbox; each capability's verdict is evidence and the counts are " +
    "stats. The finding holds when every capability holds, does not hold when any fails, and is blocked when " +
    "none fails but some could not be measured (a component the source lacks, such as k3s' helm controller).",
  appliesTo: clusterCells,
  unavailable: tierUnavailable,
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
  appliesTo: podCells,
  unavailable: tierUnavailable,
});

export const k3sPodNeverRuns = defineFinding({
  id: "k3s/pod-never-runs",
  claim: "A pod scheduled on the sandbox's node MUST NOT reach Running.",
  source: { experiment: "17", section: "Conclusion: Pod never reaches Running status" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "Create a host-network pod whose shell prints a line and sleeps (images built locally, never pulled); " +
    "record its phase timeline, node and events until it is Running, has failed, its sandbox failed twice (the " +
    "kubelet's retry failed too; at most 30 s after the first failure), or the pod deadline passes; " +
    "when it runs, read `kubectl logs` and an `exec` answer. Holds when the pod was scheduled and never ran.",
  appliesTo: podCells,
  unavailable: tierUnavailable,
});

export const k3sServiceNetworkingFails = defineFinding({
  id: "k3s/service-networking-fails",
  claim:
    "Service networking with endpoints MUST NOT work in the sandbox (it needs worker nodes): a ClusterIP Service " +
    "selecting a running pod does not answer through its ClusterIP from the node and from a second pod, or its " +
    "name does not resolve through CoreDNS.",
  source: {
    experiment: "17",
    section: "What Requires Worker Nodes (Not Possible): Service networking with endpoints",
  },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup"],
  method:
    "In the cluster cells, after the pod experiment: the pod network is Debian's CNI bridge and host-local " +
    "plugins (start-cluster.sh: bridge cni0, 10.42.0.0/24, the node's IP its gateway), and kube-proxy from the " +
    "same Kubernetes build runs in iptables mode (start-kube-proxy.sh; the iptables backend the kernel takes, nft " +
    "or legacy). A busybox web server runs on the pod network behind a ClusterIP Service, and another on the " +
    "host network behind its own (its endpoint is the node's IP, so kube-proxy's rules and the ClusterIP path " +
    "are measured even where the pod network fails). Layer by layer, in the order a request meets them: pod " +
    "network (CNI add), endpoints (EndpointSlice), kube-proxy's nat rules for the ClusterIP, GET of the ClusterIP " +
    "from the node, then a second pod GETs it and resolves the Service's name through the kube-dns Service " +
    "(CoreDNS). Holds when a layer fails (the first is named, with its error); does not hold when all six work; " +
    "blocked where no pod runs in the cell or a layer could not be asked.",
  appliesTo: clusterCells,
  unavailable: tierUnavailable,
});

export const k3sFindings = [
  k3sServerStable,
  k3sControlPlane,
  k3sPodSandboxFails,
  k3sPodNeverRuns,
  k3sServiceNetworkingFails,
];
