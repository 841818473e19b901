/**
 * The `k3s server` command line for the two modes the research log needed: control plane only (Experiment 05,
 * the log's recommended setup) and with the agent (Experiments 15-17, a worker whose pods fail). Every flag
 * says why it is there and whether the log states it or we infer it from what the log shows.
 */
import { K3S_IN_SANDBOX } from "./build-stage.js";

export const K3S_MODES = ["control-plane", "with-agent"] as const;
export type K3sMode = (typeof K3S_MODES)[number];

export interface ServerFlag {
  flag: string;
  modes: readonly K3sMode[];
  /** `log`: the research log states or shows it; `inference`: our reading of what the log shows. */
  basis: "log" | "inference";
  why: string;
}

/** The node name the log's node had (`Successfully assigned ... to runsc`, `kubectl taint nodes runsc ...`). */
export const K3S_NODE_NAME = "runsc";

const BOTH: readonly K3sMode[] = K3S_MODES;
const AGENT: readonly K3sMode[] = ["with-agent"];

export const SERVER_FLAGS: readonly ServerFlag[] = [
  {
    flag: "--disable-agent",
    modes: ["control-plane"],
    basis: "log",
    why: "Experiment 05/17: 'Accept control-plane-only solution': no kubelet, so nothing needs kernel cgroups",
  },
  {
    flag: `--node-name=${K3S_NODE_NAME}`,
    modes: AGENT,
    basis: "log",
    why: "Experiment 17's events name the node 'runsc'; the probe untaints it by that name as the log did",
  },
  {
    flag: "--flannel-backend=none",
    modes: BOTH,
    basis: "log",
    why: "Experiment 05 ran a fake CNI instead of flannel (flannel's VXLAN/netlink needs a host network stack)",
  },
  {
    flag: "--disable-network-policy",
    modes: BOTH,
    basis: "inference",
    why: "the network policy controller programs iptables, which a --network=none sandbox has no use for",
  },
  {
    flag: "--disable=traefik,metrics-server,servicelb",
    modes: BOTH,
    basis: "inference",
    why: "no claim needs them; they are pods (and HelmCharts) that would fail first and crowd the evidence",
  },
  {
    flag: "--snapshotter=native",
    modes: AGENT,
    basis: "inference",
    why: "overlayfs snapshots need overlay mounts inside the sandbox; native copies, so the pod fails on cgroups",
  },
  {
    flag: "--kubelet-arg=cgroups-per-qos=false",
    modes: AGENT,
    basis: "inference",
    why: "the log's failing path /sys/fs/cgroup/memory/k8s.io/<id> has no kubepods/QoS level above the pod",
  },
  {
    flag: "--kubelet-arg=enforce-node-allocatable=",
    modes: AGENT,
    basis: "inference",
    why: "the kubelet refuses to start with cgroups-per-qos=false unless node-allocatable enforcement is empty",
  },
  {
    flag: "--kube-proxy-arg=conntrack-max-per-core=0",
    modes: AGENT,
    basis: "inference",
    why: "kube-proxy otherwise writes nf_conntrack_max under /proc/sys, which the sandbox does not provide",
  },
];

export interface ServerArgsOptions {
  binary?: string;
  dataDir?: string;
  /** Appended last (e.g. `--debug`). */
  extra?: readonly string[];
}

/** Why: the one argv the tier starts k3s with, so evidence and unit tests see exactly what runs. */
export function k3sServerArgv(mode: K3sMode, options: ServerArgsOptions = {}): string[] {
  return [
    options.binary ?? K3S_IN_SANDBOX,
    "server",
    ...SERVER_FLAGS.filter((f) => f.modes.includes(mode)).map((f) => f.flag),
    "--write-kubeconfig-mode=0600",
    ...(options.dataDir ? [`--data-dir=${options.dataDir}`] : []),
    ...(options.extra ?? []),
  ];
}

export const K3S_CONTROL_PLANE_MODE_ENV = "GVC_K3S_CONTROL_PLANE_MODE";

/**
 * Why: Experiment 05's "control plane" ran with an agent (it had a fake CNI), so k3s/control-plane uses the
 * agent by default; `GVC_K3S_CONTROL_PLANE_MODE=control-plane` measures it with --disable-agent instead.
 */
export function controlPlaneMode(env: Record<string, string | undefined>): K3sMode {
  const raw = env[K3S_CONTROL_PLANE_MODE_ENV];
  if (raw === undefined || raw === "") return "with-agent";
  if ((K3S_MODES as readonly string[]).includes(raw)) return raw as K3sMode;
  throw new Error(`${K3S_CONTROL_PLANE_MODE_ENV}=${raw} is not one of ${K3S_MODES.join(", ")}`);
}
