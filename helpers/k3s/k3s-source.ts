/**
 * Where the tier's cluster comes from, in this order: what the user names (a k3s image, airgap tarball or
 * binary); the pinned rancher/k3s image in the local engine (setup pulls it where a registry answers); else
 * upstream Kubernetes built from source by setup (the `kubernetes` source: the Go module proxy serves no k3s
 * version we could pin). With none of these the tier does not run and says why.
 */
import type { KubernetesBuildInfo } from "../host/kubernetes-build.js";

/** The pin: the k3s release the tier is written and expected against (Kubernetes 1.31). */
export const K3S_PINNED_VERSION = "v1.31.4+k3s1";

export const K3S_ENV = {
  image: "GVC_K3S_IMAGE",
  airgapTar: "GVC_K3S_AIRGAP_TAR",
  binary: "GVC_K3S_BINARY",
  /** Optional: k3s' own airgap images tarball (pause, coredns, klipper-helm...) for the pods k3s starts. */
  podImages: "GVC_K3S_POD_IMAGES",
} as const;

/** Host-side facts, injected so resolution is unit-testable. */
export interface K3sSourceProbes {
  /** The image is in the local Docker engine (`docker image inspect`). */
  imageExists(ref: string): boolean;
  fileExists(path: string): boolean;
  /** What setup built for the `kubernetes` source into the image context, or null. */
  kubernetesBuild(): KubernetesBuildInfo | null;
}

interface Provided {
  version: string;
  /** One line: what will be used, for logs and the run summary. */
  detail: string;
  /** The k3s airgap images tarball to preload, or null (pods then need a registry for their images). */
  podImages: string | null;
}
export type K3sSource =
  | (Provided & { kind: "image"; image: string })
  | (Provided & { kind: "airgap-tar"; tarball: string })
  | (Provided & { kind: "binary"; binary: string })
  | (Provided & { kind: "kubernetes"; build: KubernetesBuildInfo })
  | { kind: "unavailable"; needs: string };
export type ProvidedK3sSource = Exclude<K3sSource, { kind: "unavailable" }>;

/** Docker tags cannot hold `+`: `v1.31.4+k3s1` is tagged `rancher/k3s:v1.31.4-k3s1`. */
export function k3sImageRef(version: string = K3S_PINNED_VERSION): string {
  return `rancher/k3s:${version.replace("+", "-")}`;
}

/** The k3s version a tag or file name carries (`v1.31.4-k3s1` or `v1.31.4+k3s1`), or null. */
export function versionIn(text: string): string | null {
  const m = /v(\d+\.\d+\.\d+)[+-](k3s\d+)/.exec(text);
  return m ? `v${m[1]}+${m[2]}` : null;
}

/** Why: the one text that tells a user how to provide k3s here (used by skips and the run summary). */
export const HOW_TO_PROVIDE_K3S =
  `set ${K3S_ENV.image}=${k3sImageRef()} (an image already in the local engine; its /bin/k3s is copied in a ` +
  `build stage), ${K3S_ENV.airgapTar}=<path> (a \`docker save\` tarball of that image, loaded with ` +
  `\`docker load\`) or ${K3S_ENV.binary}=<path> (a k3s ${K3S_PINNED_VERSION} binary), then \`npm run setup\``;

/** Why: one decision, from configuration and injected host facts, of which k3s (if any) the tier uses. */
export function resolveK3sSource(env: Record<string, string | undefined>, probes: K3sSourceProbes): K3sSource {
  const set = (["image", "airgapTar", "binary"] as const).filter((k) => (env[K3S_ENV[k]] ?? "") !== "");
  if (set.length > 1)
    return { kind: "unavailable", needs: `set only one of ${set.map((k) => K3S_ENV[k]).join(", ")}` };
  const podImages = env[K3S_ENV.podImages] || null;
  if (podImages !== null && !probes.fileExists(podImages))
    return { kind: "unavailable", needs: `${K3S_ENV.podImages}=${podImages} does not exist` };
  const withImages = podImages ? `, pod images from ${podImages}` : ", no pod images (pods need a registry)";
  const image = env[K3S_ENV.image];
  const tarball = env[K3S_ENV.airgapTar];
  const binary = env[K3S_ENV.binary];
  const fromFile = (kind: "airgap-tar" | "binary", path: string): K3sSource => {
    const name = kind === "airgap-tar" ? K3S_ENV.airgapTar : K3S_ENV.binary;
    if (!probes.fileExists(path))
      return { kind: "unavailable", needs: `${name}=${path} does not exist: ${HOW_TO_PROVIDE_K3S}` };
    const version = versionIn(path) ?? `${K3S_PINNED_VERSION} (assumed: the pin)`;
    const detail = `k3s ${version} from ${kind === "airgap-tar" ? "image tarball" : "binary"} ${path}${withImages}`;
    return kind === "airgap-tar"
      ? { kind, tarball: path, version, podImages, detail }
      : { kind, binary: path, version, podImages, detail };
  };
  if (image) {
    if (!probes.imageExists(image))
      return {
        kind: "unavailable",
        needs: `${K3S_ENV.image}=${image} is not in the local engine and there is no registry here: \`docker load\` it first, or ${HOW_TO_PROVIDE_K3S}`,
      };
    const version = versionIn(image) ?? `unknown (tag of ${image})`;
    return { kind: "image", image, version, podImages, detail: `k3s ${version} from image ${image}${withImages}` };
  }
  if (tarball || binary) return fromFile(tarball ? "airgap-tar" : "binary", (tarball || binary) as string);
  const pinned = k3sImageRef();
  if (probes.imageExists(pinned))
    return {
      kind: "image",
      image: pinned,
      version: K3S_PINNED_VERSION,
      podImages,
      detail: `k3s ${K3S_PINNED_VERSION} from image ${pinned} (found in the local engine)${withImages}`,
    };
  const build = probes.kubernetesBuild();
  if (build) return kubernetesSource(build);
  return {
    kind: "unavailable",
    needs: `no k3s image, airgap tarball or binary, and no kubernetes build (setup builds one where Go is installed): ${HOW_TO_PROVIDE_K3S}`,
  };
}

/** Why: the run summary and every k3s finding name what ran, with its versions. */
export function kubernetesSource(build: KubernetesBuildInfo): ProvidedK3sSource {
  return {
    kind: "kubernetes",
    build,
    version: `kubernetes ${build.kubernetes}`,
    podImages: null,
    detail:
      `kubernetes ${build.kubernetes} (upstream kube-apiserver, controller-manager, scheduler, kubelet, kubectl ` +
      `built from source with ${build.go}), kine ${build.kine} (sqlite), helm ${build.helm}, CoreDNS ` +
      `${build.coredns}; pods on the image's containerd and runc (k3s itself: no version served by the Go module proxy)`,
  };
}
