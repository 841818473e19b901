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
  // A node without a CNI config stays NotReady (the log's; here where the bridge cannot be made): tolerated, as
  // the log untainted it.
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

/** k3s/service-networking-fails: its objects, in the pod findings' namespace. */
export const SERVICE = {
  /** The Service under test and its backend, a web server on the pod network. */
  web: "gvc-web",
  /** The same on the host network: its endpoint is the node's IP, so the ClusterIP path is measured without CNI. */
  hostWeb: "gvc-web-host",
  /** The second pod: asks the Service by ClusterIP and by name, and prints what it got. */
  client: "gvc-client",
  webPort: 8080,
  hostWebPort: 18080,
} as const;
/** What each backend serves: its name, so an answer says which backend gave it. */
export const serviceAnswer = (backend: string): string => `gvc-answer-from-${backend}`;

const webServer = (name: string, port: number, hostNetwork: boolean, images: PodImages): Manifest => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { ...meta(name, POD_NS), labels: { app: name } },
  spec: {
    ...podSpec(hostNetwork, images),
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: "web",
        image: images.shell,
        imagePullPolicy: images.pullPolicy,
        command: [
          "/bin/busybox",
          "sh",
          "-c",
          `mkdir -p /tmp/www && echo ${serviceAnswer(name)} > /tmp/www/index.html && ` +
            `exec /bin/busybox httpd -f -p ${port} -h /tmp/www`,
        ],
      },
    ],
  },
});

const serviceOf = (name: string, port: number): Manifest => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: meta(name, POD_NS),
  spec: { type: "ClusterIP", selector: { app: name }, ports: [{ port: 80, targetPort: port }] },
});

/** The two backends and their Services. */
export const serviceBackends = (images: PodImages): Manifest[] => [
  webServer(SERVICE.web, SERVICE.webPort, false, images),
  serviceOf(SERVICE.web, SERVICE.webPort),
  webServer(SERVICE.hostWeb, SERVICE.hostWebPort, true, images),
  serviceOf(SERVICE.hostWeb, SERVICE.hostWebPort),
];

/** The DNS name of the Service under test, as CoreDNS serves it. */
export const SERVICE_DNS_NAME = `${SERVICE.web}.${POD_NS}.svc.cluster.local`;

/**
 * The second pod, on the pod network with the cluster's DNS: for up to `seconds` it asks the Service's ClusterIP
 * (busybox wget) and resolves its name (busybox nslookup, through the kube-dns Service), and prints one line per
 * question: `clusterip ok|failed <output>`, `dns ok|failed <output>`. It ends when both were answered or time is up.
 */
export const serviceClient = (images: PodImages, clusterIp: string, seconds = 20): Manifest => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: meta(SERVICE.client, POD_NS),
  spec: {
    ...podSpec(false, images),
    restartPolicy: "Never",
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: "client",
        image: images.shell,
        imagePullPolicy: images.pullPolicy,
        command: ["/bin/busybox", "sh", "-c", serviceClientScript(clusterIp, seconds)],
      },
    ],
  },
});

/** Why separate: the script is what the evidence quotes, and a unit test reads it. */
export function serviceClientScript(clusterIp: string, seconds: number): string {
  const b = "/bin/busybox";
  return [
    `end=$(( $(${b} date +%s) + ${seconds} )); ip=""; dns=""`,
    `while [ $(${b} date +%s) -lt $end ] && { [ -z "$ip" ] || [ -z "$dns" ]; }; do`,
    // wget's own -T (timeout) crashes Debian's busybox 1.35 (SIGSEGV, measured): the timeout applet bounds it.
    `  [ -n "$ip" ] || { out=$(${b} timeout 5 ${b} wget -q -O - http://${clusterIp}/ 2>&1) && ip=1 && echo "clusterip ok $out"; }`,
    `  [ -n "$dns" ] || { d=$(${b} nslookup ${SERVICE_DNS_NAME} 2>&1) && echo "$d" | ${b} grep -q '${clusterIp}' && dns=1 && echo "dns ok $(echo $d)"; }`,
    `  [ -n "$ip" ] && [ -n "$dns" ] || ${b} sleep 2`,
    "done",
    `[ -n "$ip" ] || echo "clusterip failed $(echo $out)"`,
    `[ -n "$dns" ] || echo "dns failed $(echo $d)"`,
    `[ -n "$ip" ] && [ -n "$dns" ]`,
  ].join("\n");
}
