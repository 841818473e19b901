/**
 * Setup's k3s-tier step: makes the tier's source available in the order helpers/k3s/k3s-source.ts resolves it.
 * Something the user named, or the pinned k3s image, wins; else the pinned image is pulled where a registry
 * answers; else upstream Kubernetes is built from source (Go module proxy). Without Go the tier is skipped.
 */
import { execa } from "execa";
import { hostK3sProbes } from "../k3s/host-probes.js";
import { k3sImageRef, resolveK3sSource } from "../k3s/k3s-source.js";
import { goVersion } from "./go-build.js";
import { ensureKubernetesBuild } from "./kubernetes-build.js";
import { log } from "./progress.js";

const userNamed = (env: NodeJS.ProcessEnv): boolean =>
  ["GVC_K3S_IMAGE", "GVC_K3S_AIRGAP_TAR", "GVC_K3S_BINARY"].some((k) => (env[k] ?? "") !== "");

/** Why: one line per decision, so the setup log says which source the tier will run and why. */
export async function ensureK3sTierSource(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const noBuild = { ...hostK3sProbes, kubernetesBuild: () => null };
  const first = resolveK3sSource(env, noBuild);
  if (first.kind !== "unavailable") return log(`k3s tier source: ${first.detail}`);
  if (userNamed(env)) return log(`k3s tier will not run: ${first.needs}`);
  if (env.GVC_OFFLINE !== "1") {
    const pulled = await execa("docker", ["pull", k3sImageRef()], { reject: false, timeout: 60_000 });
    if (pulled.exitCode === 0) return log(`k3s tier source: pulled ${k3sImageRef()}`);
    log(`no registry served ${k3sImageRef()} (${pulled.stderr.split("\n")[0] ?? ""}); building from source`);
  }
  if (!(await goVersion()))
    return log("k3s tier will not run: no k3s, and no Go toolchain to build Kubernetes from source");
  const build = await ensureKubernetesBuild();
  log(`k3s tier source: kubernetes ${build.kubernetes} built from source (${build.go})`);
}
