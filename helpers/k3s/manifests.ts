/**
 * The Kubernetes objects the k3s findings create, as JSON (kubectl reads JSON as YAML). Every object lives in
 * the probe namespace (or names it), so deleting the namespace undoes everything but cluster-scoped CRDs.
 */

import type { K3sSource } from "./k3s-source.js";

export const PROBE_NS = "gvc-probe";
/** The pod findings' own namespace: the control-plane checks delete theirs, which may still be terminating. */
export const POD_NS = "gvc-pods";

/** The images probe pods use, and whether the kubelet may pull: none may where the images are built locally. */
export interface PodImages {
  /** A container that only sleeps (the pod-sandbox probe's pod). */
  pause: string;
  /** A shell (the test pod of k3s/pod-never-runs: it prints a line, then sleeps; exec runs in it). */
  shell: string;
  pullPolicy: "Never" | "IfNotPresent";
}

/** Why: the kubernetes source's images are built by setup and imported; k3s brings its own airgap images. */
export function podImagesFor(source: K3sSource): PodImages {
  if (source.kind === "kubernetes")
    return { pause: source.build.images.pause, shell: source.build.images.busybox, pullPolicy: "Never" };
  // k3s v1.31's pause image and the busybox of its airgap images (local-path's helper).
  return {
    pause: "docker.io/rancher/mirrored-pause:3.6",
    shell: "docker.io/rancher/mirrored-library-busybox:1.36.1",
    pullPolicy: "IfNotPresent",
  };
}
export const CRD_GROUP = "probe.gvisor-conformance.dev";
export const CRD_NAME = `widgets.${CRD_GROUP}`;
export const READER_SA = `system:serviceaccount:${PROBE_NS}:reader`;

type Manifest = Record<string, unknown>;
const meta = (name: string, namespace: string | null = PROBE_NS) => ({
  name,
  ...(namespace ? { namespace } : {}),
});
export const toInput = (...objects: Manifest[]): string =>
  JSON.stringify({ apiVersion: "v1", kind: "List", items: objects });

export const namespace = (name = PROBE_NS): Manifest => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: meta(name, null),
});

const podSpec = (hostNetwork: boolean, images: PodImages) => ({
  hostNetwork,
  // The node stays NotReady without a CNI (flannel is off): tolerate that, as the log untainted it.
  tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" }],
  containers: [{ name: "pause", image: images.pause, imagePullPolicy: images.pullPolicy }],
});

export const deployment = (images: PodImages): Manifest => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: meta("gvc-deploy"),
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "gvc-deploy" } },
    template: { metadata: { labels: { app: "gvc-deploy" } }, spec: podSpec(false, images) },
  },
});

export const service = (): Manifest => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: meta("gvc-svc"),
  spec: { type: "ClusterIP", selector: { app: "gvc-deploy" }, ports: [{ port: 80, targetPort: 8080 }] },
});

export const configMap = (name: string, data: Record<string, string> = { probe: "1" }): Manifest => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: meta(name),
  data,
});

export const crd = (): Manifest => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: meta(CRD_NAME, null),
  spec: {
    group: CRD_GROUP,
    scope: "Namespaced",
    names: { plural: "widgets", singular: "widget", kind: "Widget" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      },
    ],
  },
});

export const widget = (): Manifest => ({
  apiVersion: `${CRD_GROUP}/v1`,
  kind: "Widget",
  metadata: meta("gvc-widget"),
  spec: { size: 1 },
});

/** A ServiceAccount allowed to get/list ConfigMaps in the probe namespace, and nothing else. */
export const rbac = (): Manifest[] => [
  { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("reader") },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: meta("configmap-reader"),
    rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }],
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: meta("reader-reads-configmaps"),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "configmap-reader" },
    subjects: [{ kind: "ServiceAccount", name: "reader", namespace: PROBE_NS }],
  },
];

/** A HelmChart for k3s' helm controller, its chart inline (base64 .tgz), rendering ConfigMap gvc-chart. */
export const helmChart = (chartTgzBase64: string, value: string): Manifest => ({
  apiVersion: "helm.cattle.io/v1",
  kind: "HelmChart",
  metadata: meta("gvc-chart", "kube-system"),
  spec: { chartContent: chartTgzBase64, targetNamespace: PROBE_NS, valuesContent: `value: ${value}\n` },
});

/** Shell that writes the probe chart and prints it as base64 .tgz (tar, gzip and base64 are in the image). */
export const CHART_SCRIPT = [
  "set -e; d=$(mktemp -d); mkdir -p $d/gvc-chart/templates",
  "printf 'apiVersion: v2\\nname: gvc-chart\\nversion: 0.1.0\\n' > $d/gvc-chart/Chart.yaml",
  "printf 'value: v0\\n' > $d/gvc-chart/values.yaml",
  `printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: gvc-chart\\ndata:\\n  value: {{ .Values.value | quote }}\\n' > $d/gvc-chart/templates/configmap.yaml`,
  "tar -C $d -czf - gvc-chart | base64 -w0; rm -rf $d",
].join("\n");

export const TEST_POD = "gvc-pod";
/** What the test pod prints when its container runs (read back with `kubectl logs`). */
export const TEST_POD_LINE = "gvc-pod: container started";

/** The test pod of k3s/pod-never-runs: a shell that prints one line and sleeps, so logs and exec can answer. */
export const testPod = (images: PodImages): Manifest => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: meta(TEST_POD, POD_NS),
  spec: {
    ...podSpec(true, images),
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 2,
    containers: [
      {
        name: "shell",
        image: images.shell,
        imagePullPolicy: images.pullPolicy,
        command: ["/bin/busybox", "sh", "-c", `echo '${TEST_POD_LINE}'; exec /bin/busybox sleep 3600`],
      },
    ],
  },
});
