/** The real host facts behind the k3s tier's decision, and that decision computed once per process. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readBuildInfo } from "../host/kubernetes-build.js";
import { clusterCommands, type ClusterCommands } from "./cluster-commands.js";
import type { K3sSourceProbes } from "./k3s-source.js";
import { k3sTierStatus, type K3sTierStatus } from "./tier-status.js";

/** Why: resolution needs to know what is local; there is no registry to ask. */
export const hostK3sProbes: K3sSourceProbes = {
  imageExists: (ref) => spawnSync("docker", ["image", "inspect", ref], { stdio: "ignore" }).status === 0,
  fileExists: (path) => existsSync(path),
  kubernetesBuild: () => readBuildInfo(),
};

let tier: K3sTierStatus | undefined;

/** Why: a process-wide fact (cells cannot change it): computed on first use, not on import of the catalog. */
export function currentK3sTier(): K3sTierStatus {
  return (tier ??= k3sTierStatus(process.env, hostK3sProbes));
}

/**
 * Why: a repro bundle runs the tier's probes inside the sandbox, where the host's images and build files cannot
 * be seen: it uses the decision made on the host when the bundle was written.
 */
export function useK3sTier(status: K3sTierStatus): void {
  tier = status;
}

/** The commands of the current source (k3s' when none is available: nothing runs then). */
export function currentCluster(): ClusterCommands {
  return clusterCommands(currentK3sTier().source);
}
