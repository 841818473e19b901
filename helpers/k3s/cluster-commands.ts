/**
 * How the tier drives the cluster inside a sandbox, per source: k3s (one `k3s server` process, its embedded
 * kubectl) or upstream Kubernetes built from source (a supervisor script starting kine, the control plane and,
 * with the agent, containerd and the kubelet; kubectl in the multi-call binary). The probes use only this.
 */
import { K3S_IN_SANDBOX, K3S_POD_IMAGES_IN_SANDBOX } from "./build-stage.js";
import { K3S_KUBECONFIG_PATH } from "./kubeconfig.js";
import { shellQuote } from "./shell-quote.js";
import { k3sServerArgv, K3S_NODE_NAME, type K3sMode } from "./server-args.js";
import type { K3sSource } from "./k3s-source.js";

export const K3S_LOG = "/var/log/gvc-k3s.log";
/** The kubernetes source's files in the sandbox (see fixtures/image/cluster/start-cluster.sh). */
export const KUBERNETES_IN_SANDBOX = {
  binary: "/opt/gvisor-conformance/kubernetes/bin/kubernetes-node",
  helm: "/opt/gvisor-conformance/kubernetes/bin/helm",
  start: "/opt/gvisor-conformance/cluster/start-cluster.sh",
  startKubeProxy: "/opt/gvisor-conformance/cluster/start-kube-proxy.sh",
  kubeProxyPid: "/run/gvc-k8s/kube-proxy.pid",
  chart: "/opt/gvisor-conformance/cluster/gvc-chart",
  kubeconfig: "/var/lib/gvc-k8s/admin.kubeconfig",
  logs: "/var/log/gvc-k8s",
  supervisorLog: "/var/log/gvc-k8s/start-cluster.log",
} as const;
/** The start script's exit code when the image lacks the source's binaries. */
export const NO_CLUSTER_EXIT = 3;

export interface ClusterCommands {
  /** `k3s` or `kubernetes`: named in every summary and report. */
  kind: "k3s" | "kubernetes";
  kubectl: readonly string[];
  /** The helm CLI with the cluster's kubeconfig, or null where the image has none. */
  helm: readonly string[] | null;
  /** The probe chart's folder in the sandbox (packaged from fixtures/), or null. */
  chart: string | null;
  kubeconfigPath: string;
  version: readonly string[];
  /** The command line of the server process (evidence); `addons` false leaves CoreDNS out. */
  argv(mode: K3sMode, addons?: boolean): string[];
  /** Checks the binary, starts detached in its own process group, prints the pid. */
  startScript(mode: K3sMode, addons?: boolean): string;
  /** Prints the tail of every log of the cluster. */
  logTailScript(lines: number): string;
  /** Prints nothing while the server process `pid` lives; once it has ended, one line saying why. */
  endedScript(pid: number): string;
  /**
   * Starts kube-proxy beside the agent (k3s/service-networking-fails), or null where the server runs its own
   * (k3s' agent starts kube-proxy itself).
   */
  startKubeProxy: readonly string[] | null;
  /** Prints the tail of kube-proxy's log (the kubernetes source's own; k3s logs it with everything else). */
  kubeProxyLogScript(lines: number): string;
}

/**
 * Shell test: is `pid` running? `kill -0` is not enough: the sandbox's init (`sleep infinity`) reaps no one, so
 * a server that has exited stays a zombie, which `kill -0` still finds.
 */
export const runningTest = (pid: number): string =>
  `{ [ -r /proc/${pid}/stat ] && [ "$(sed 's/^.*) //' /proc/${pid}/stat | cut -c1)" != Z ]; }`;

/** Stops the process group, then undoes its mounts, cgroups and shims (other findings share the sandbox). */
export function stopScript(pid: number): string {
  return [
    // First the kubelet's stand-ins (/proc/sys tunables, /dev/kmsg): later findings read the real ones (dmesg).
    "for i in 1 2 3; do awk '$2 ~ \"^/(proc/sys/|dev/kmsg$)\" {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null; done",
    // The image's sh is dash, whose kill takes no `--`: `kill -TERM -- -PID` fails there and kills nothing.
    // A short grace: the cluster is thrown away, and its supervisor gives its components 3 s itself.
    `kill -TERM -${pid} 2>/dev/null; for i in $(seq 1 10); do ${runningTest(pid)} || break; sleep 0.5; done`,
    `kill -KILL -${pid} 2>/dev/null; true`,
    // kube-proxy, where the Service experiment started it: outside the group (started by its own exec).
    `[ -f ${KUBERNETES_IN_SANDBOX.kubeProxyPid} ] && kill -KILL $(cat ${KUBERNETES_IN_SANDBOX.kubeProxyPid}) 2>/dev/null; rm -f ${KUBERNETES_IN_SANDBOX.kubeProxyPid}; true`,
    // containerd's shims leave the group (they start their own sessions): end the pods' processes too. The
    // bracket keeps each pattern from matching this script's own command line (pkill would end the script).
    "pkill -KILL -f '[c]ontainerd-shim.*(k8s.io|gvc-k8s)' 2>/dev/null; pkill -KILL -f '[/]run/gvc-k8s/containerd' 2>/dev/null; true",
    // ... and the stand-ins start-cluster.sh mounted for the kubelet (/proc/sys tunables, /dev/kmsg).
    // Stacked mounts need one umount each: a few rounds.
    "for i in 1 2 3; do awk '$2 ~ \"^/(var/lib/kubelet|run/k3s|var/lib/rancher|run/gvc-k8s|var/lib/gvc-k8s|proc/sys/|dev/kmsg$)\" {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null; done; true",
    "find /sys/fs/cgroup -depth -mindepth 2 -type d \\( -path '*/k8s.io*' -o -path '*/kubepods*' \\) -exec rmdir {} \\; 2>/dev/null; true",
  ].join("\n");
}

const detached = (argv: readonly string[], log: string): string[] => [
  `setsid ${shellQuote(argv)} >${log} 2>&1 </dev/null &`,
  "echo $!",
];

function k3sCommands(): ClusterCommands {
  return {
    kind: "k3s",
    kubectl: [K3S_IN_SANDBOX, "kubectl"],
    helm: null,
    chart: null,
    kubeconfigPath: K3S_KUBECONFIG_PATH,
    version: [K3S_IN_SANDBOX, "--version"],
    argv: (mode, addons = true) => k3sServerArgv(mode, { extra: addons ? [] : ["--disable=coredns"] }),
    startScript: (mode, addons = true) =>
      [
        `test -x ${K3S_IN_SANDBOX} || { echo "no k3s at ${K3S_IN_SANDBOX}" >&2; exit ${NO_CLUSTER_EXIT}; }`,
        "mkdir -p /var/lib/rancher/k3s/agent/images",
        `if [ -d ${K3S_POD_IMAGES_IN_SANDBOX} ]; then cp ${K3S_POD_IMAGES_IN_SANDBOX}/* /var/lib/rancher/k3s/agent/images/; fi`,
        ...detached(k3sServerArgv(mode, { extra: addons ? [] : ["--disable=coredns"] }), K3S_LOG),
      ].join("\n"),
    logTailScript: (lines) => `tail -n ${lines} ${K3S_LOG}`,
    endedScript: (pid) =>
      `${runningTest(pid)} && exit 0; ` +
      `err=$(grep -aE 'level=(fatal|error)' ${K3S_LOG} | tail -n 1 | cut -c1-400); ` +
      `echo "k3s exited\${err:+ (last error: $err)}"`,
    startKubeProxy: null,
    kubeProxyLogScript: (lines) => `grep -a 'proxier\\|kube-proxy\\|iptables' ${K3S_LOG} | tail -n ${lines}`,
  };
}

function kubernetesCommands(): ClusterCommands {
  const k = KUBERNETES_IN_SANDBOX;
  return {
    kind: "kubernetes",
    kubectl: [k.binary, "kubectl", `--kubeconfig=${k.kubeconfig}`],
    helm: [k.helm, `--kubeconfig=${k.kubeconfig}`],
    chart: k.chart,
    kubeconfigPath: k.kubeconfig,
    version: [k.binary, "kubectl", "version", "--client"],
    argv: (mode, addons = true) => [k.start, mode, K3S_NODE_NAME, addons ? "coredns" : "no-addons"],
    startScript: (mode, addons = true) =>
      [
        `test -x ${k.binary} || { echo "no kubernetes build at ${k.binary}" >&2; exit ${NO_CLUSTER_EXIT}; }`,
        `rm -rf ${k.logs}; mkdir -p ${k.logs}`,
        ...detached([k.start, mode, K3S_NODE_NAME, addons ? "coredns" : "no-addons"], k.supervisorLog),
      ].join("\n"),
    logTailScript: (lines) =>
      `cd ${k.logs} 2>/dev/null && for f in start-cluster.log $(ls | grep -v '^start-cluster.log$'); do ` +
      `echo "==> $f <=="; tail -n ${lines} "$f"; done`,
    // The supervisor writes why it ended the cluster to `ended` (see start-cluster.sh).
    endedScript: (pid) =>
      `${runningTest(pid)} && exit 0; cat ${k.logs}/ended 2>/dev/null || echo "the cluster's supervisor exited"`,
    startKubeProxy: [k.startKubeProxy, K3S_NODE_NAME],
    kubeProxyLogScript: (lines) => `tail -n ${lines} ${k.logs}/kube-proxy.log`,
  };
}

/** Why: one switch from the resolved source to the commands every probe uses. */
export function clusterCommands(source: K3sSource): ClusterCommands {
  return source.kind === "kubernetes" ? kubernetesCommands() : k3sCommands();
}
