/**
 * The tier's `kubernetes` source, built from source because neither k3s nor its images can be had here: upstream
 * Kubernetes' components in one multi-call binary (fixtures/kubernetes-build), kine as the datastore, the helm
 * CLI and CoreDNS, each from its Go module; plus the pod images (pause, a busybox test pod, CoreDNS) built
 * locally, since no registry serves them. Everything lands in the sandbox image's build context.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { aptInstall } from "./debian.js";
import { ensureGoBuild, type GoBuild, type GoBuildResult } from "./go-build.js";
import { log } from "./progress.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILD_MODULE = path.join(ROOT, "fixtures/kubernetes-build");
/** In the image context (git-ignored); the image copies it to /opt/gvisor-conformance/kubernetes. */
export const KUBERNETES_CONTEXT_DIR = path.join(ROOT, "fixtures/image/kubernetes");
export const BUILD_INFO_FILE = path.join(KUBERNETES_CONTEXT_DIR, "build-info.json");

/** The Kubernetes release: the one our build module requires (fixtures/kubernetes-build/go.mod). */
export function kubernetesVersion(goMod = readFileSync(path.join(BUILD_MODULE, "go.mod"), "utf8")): string {
  const m = /^\s*(?:require\s+)?k8s\.io\/kubernetes (v\S+)$/m.exec(goMod);
  if (!m?.[1]) throw new Error("fixtures/kubernetes-build/go.mod does not require k8s.io/kubernetes");
  return m[1];
}

/** Pinned versions of the other programs (served by the proxy; each builds with Go 1.26). */
export const PINNED = { kine: "v0.17.5", helm: "v3.22.0", coredns: "v1.15.0" } as const;

/** The pod images, by the names the cluster's manifests and containerd's sandbox_image use. */
export const POD_IMAGES = {
  pause: "gvisor-conformance.local/pause:1",
  busybox: "gvisor-conformance.local/busybox:1",
  coredns: `gvisor-conformance.local/coredns:${PINNED.coredns}`,
} as const;

/**
 * What Kubernetes' own build stamps (hack/lib/version.sh), so the components report their release (the kubelet
 * registers it as the node's version, kubectl prints it) instead of v0.0.0-master.
 */
export function kubernetesVersionLdflags(version: string): string[] {
  const m = /^v(\d+)\.(\d+)\./.exec(version);
  if (!m) throw new Error(`${version} is not a Kubernetes release version`);
  return ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"].flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${version}`,
    `-X ${pkg}.gitMajor=${m[1]}`,
    `-X ${pkg}.gitMinor=${m[2]}`,
    `-X ${pkg}.gitTreeState=clean`,
  ]);
}

/**
 * A function, not a constant: reading the build module's go.mod on import would break every importer that runs
 * without the project's files (the repro bundle reaches this module inside the sandbox, through the k3s tier).
 */
export const goBuilds = (): readonly GoBuild[] => [
  // Static (no cgo): the components and our pause; the sandbox images carry glibcs of two suites.
  {
    name: "kubernetes-node",
    source: { kind: "module", dir: BUILD_MODULE, pkgs: [".", "./pause"] },
    cgo: false,
    tags: [],
    ldflags: kubernetesVersionLdflags(kubernetesVersion()),
  },
  {
    name: "kine",
    source: { kind: "install", pkg: "github.com/k3s-io/kine", version: PINNED.kine },
    cgo: false,
    tags: [],
  },
  {
    name: "helm",
    source: { kind: "install", pkg: "helm.sh/helm/v3/cmd/helm", version: PINNED.helm },
    cgo: false,
    tags: [],
  },
  {
    name: "coredns",
    source: { kind: "install", pkg: "github.com/coredns/coredns", version: PINNED.coredns },
    cgo: false,
    tags: [],
  },
];

export interface KubernetesBuildInfo {
  source: "kubernetes";
  kubernetes: string;
  kine: string;
  helm: string;
  coredns: string;
  go: string;
  images: Record<keyof typeof POD_IMAGES, string>;
}

export function readBuildInfo(file = BUILD_INFO_FILE): KubernetesBuildInfo | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as KubernetesBuildInfo;
  } catch {
    return null;
  }
}

/** A FROM-scratch image of the given files, saved as a tarball that containerd imports. */
async function podImage(
  ref: string,
  files: Record<string, string>,
  cmd: string[],
  tarball: string,
): Promise<void> {
  const ctx = path.join(os.tmpdir(), `gvc-pod-image-${process.pid}`);
  rmSync(ctx, { recursive: true, force: true });
  mkdirSync(ctx, { recursive: true });
  const lines = ["FROM scratch"];
  for (const [inImage, host] of Object.entries(files)) {
    const name = path.basename(inImage);
    copyFileSync(host, path.join(ctx, name));
    lines.push(`COPY ${name} ${inImage}`);
  }
  lines.push(`ENTRYPOINT ${JSON.stringify(cmd)}`);
  writeFileSync(path.join(ctx, "Dockerfile"), lines.join("\n") + "\n");
  try {
    await execa("docker", ["build", "-q", "-t", ref, ctx], { env: { DOCKER_BUILDKIT: "0" } });
    await execa("docker", ["save", "-o", tarball, ref]);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

const BUSYBOX = "/bin/busybox";

/** Why: one call that leaves the image context complete (binaries, pod images, build-info.json). */
export async function ensureKubernetesBuild(): Promise<KubernetesBuildInfo> {
  const t0 = Date.now();
  const built: Record<string, GoBuildResult> = {};
  for (const b of goBuilds()) built[b.name] = await ensureGoBuild(b);
  const bin = path.join(KUBERNETES_CONTEXT_DIR, "bin");
  const images = path.join(KUBERNETES_CONTEXT_DIR, "images");
  mkdirSync(bin, { recursive: true });
  mkdirSync(images, { recursive: true });
  const from = (build: string, file: string) => path.join((built[build] as GoBuildResult).dir, file);
  const binaries = {
    "kubernetes-node": from("kubernetes-node", "kubernetes-node"),
    kine: from("kine", "kine"),
    helm: from("helm", "helm"),
  };
  for (const [name, file] of Object.entries(binaries)) copyFileSync(file, path.join(bin, name));
  const info: KubernetesBuildInfo = {
    source: "kubernetes",
    kubernetes: kubernetesVersion(),
    ...PINNED,
    go: (built["kubernetes-node"] as GoBuildResult).goVersion,
    images: { ...POD_IMAGES },
  };
  const inputs = JSON.stringify({ ...info, keys: Object.values(built).map((b) => b.key) });
  const stamp = path.join(images, ".inputs");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== inputs) {
    // The test pod's busybox is Debian's static one, like the sandbox image's.
    if ((await execa("dpkg", ["-s", "busybox-static"], { reject: false })).exitCode !== 0)
      await aptInstall(["busybox-static"]);
    log("  pod images: pause, busybox, coredns (FROM scratch, saved for containerd to import)");
    await podImage(
      POD_IMAGES.pause,
      { "/pause": from("kubernetes-node", "pause") },
      ["/pause"],
      path.join(images, "pause.tar"),
    );
    await podImage(
      POD_IMAGES.busybox,
      { "/bin/busybox": BUSYBOX },
      ["/bin/busybox", "sh"],
      path.join(images, "busybox.tar"),
    );
    await podImage(
      POD_IMAGES.coredns,
      { "/coredns": from("coredns", "coredns") },
      ["/coredns"],
      path.join(images, "coredns.tar"),
    );
    writeFileSync(stamp, inputs);
  }
  // In the image context (its hash input): what was built, never when or how long.
  writeFileSync(BUILD_INFO_FILE, JSON.stringify(info, null, 2) + "\n");
  const compiled = Object.values(built).filter((b) => !b.cached);
  log(
    `  kubernetes source ready in ${Math.round((Date.now() - t0) / 1000)} s: Kubernetes ${info.kubernetes}, ${info.go}` +
      (compiled.length
        ? `; compiled ${compiled.length} program(s) in ${compiled.reduce((s, b) => s + b.buildSeconds, 0)} s`
        : "; all cached"),
  );
  return info;
}
