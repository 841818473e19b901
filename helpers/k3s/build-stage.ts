/**
 * How a resolved k3s source reaches the sandbox image: the Dockerfile.gvisor stage that copies /bin/k3s out of
 * a k3s image, the build arg that selects it, and the files a binary or pod-images source adds to the build
 * context. Pure: `npm run setup` runs the plan.
 */
import path from "node:path";
import type { K3sSource } from "./k3s-source.js";

/** Where k3s lands inside the sandbox (the image copies `fixtures/image/` to /opt/gvisor-conformance/). */
export const K3S_IN_SANDBOX = "/opt/gvisor-conformance/k3s/k3s";
/** Pod images (k3s airgap tarballs) inside the sandbox, copied to k3s' agent/images before it starts. */
export const K3S_POD_IMAGES_IN_SANDBOX = "/opt/gvisor-conformance/k3s/images";
/** Build-context folder for k3s files (must be git-ignored: binaries and tarballs). */
export const K3S_CONTEXT_DIR = "fixtures/image/k3s";
/** The stage name the build arg defaults to: an empty stage, so an image without k3s still builds. */
export const NO_K3S_STAGE = "k3s-none";

/** The stage text proposed for Dockerfile.gvisor (before the final stage; the COPY goes in the final stage). */
export const K3S_DOCKERFILE_STAGE = [
  "# k3s tier: K3S_IMAGE=rancher/k3s:<tag> (present locally) copies its /bin/k3s; the default copies a marker.",
  `ARG K3S_IMAGE=${NO_K3S_STAGE}`,
  `FROM scratch AS ${NO_K3S_STAGE}`,
  "COPY fixtures/image/README.md /bin/k3s.absent",
  "FROM ${K3S_IMAGE} AS k3s",
].join("\n");
export const K3S_DOCKERFILE_COPY = "COPY --from=k3s /bin/k3s* /opt/gvisor-conformance/k3s/";

export interface ContextFile {
  /** Host path. */
  from: string;
  /** Path relative to the build context (the project root). */
  to: string;
}

export interface K3sBuildPlan {
  /** Host argv to run before the build (`docker load -i <tar>`); its output names the image to use. */
  load: string[] | null;
  /** The K3S_IMAGE build arg, or null: none (binary, unavailable) or taken from the load output. */
  image: string | null;
  /** Copied into the build context before the build. */
  contextFiles: ContextFile[];
  /** Added to the sandbox image's inputs hash, so changing the k3s source rebuilds the image. */
  hashInput: string;
}

/** Why: one plan per source kind, so setup runs it without knowing the kinds. */
export function k3sBuildPlan(source: K3sSource): K3sBuildPlan {
  if (source.kind === "unavailable") return { load: null, image: null, contextFiles: [], hashInput: "k3s=none" };
  // Built by setup into the image context (fixtures/image/kubernetes), which the inputs hash covers already.
  if (source.kind === "kubernetes")
    return { load: null, image: null, contextFiles: [], hashInput: "k3s=kubernetes" };
  const podImages: ContextFile[] = source.podImages
    ? [{ from: source.podImages, to: `${K3S_CONTEXT_DIR}/images/${path.basename(source.podImages)}` }]
    : [];
  const images = source.podImages ? ` pod-images=${path.basename(source.podImages)}` : "";
  switch (source.kind) {
    case "image":
      return {
        load: null,
        image: source.image,
        contextFiles: podImages,
        hashInput: `k3s=${source.image}${images}`,
      };
    case "airgap-tar":
      return {
        load: ["docker", "load", "-i", source.tarball],
        image: null,
        contextFiles: podImages,
        hashInput: `k3s=tar:${source.tarball}${images}`,
      };
    case "binary":
      return {
        load: null,
        image: null,
        contextFiles: [{ from: source.binary, to: `${K3S_CONTEXT_DIR}/k3s` }, ...podImages],
        hashInput: `k3s=binary${images}`,
      };
  }
}

/** `docker build` args selecting the k3s stage; none keeps the default (no k3s). */
export function k3sBuildArgs(image: string | null): string[] {
  return image ? ["--build-arg", `K3S_IMAGE=${image}`] : [];
}

/** The image `docker load` reports (`Loaded image: rancher/k3s:v1.31.4-k3s1`); null when it names none. */
export function imageRefFromDockerLoad(stdout: string): string | null {
  const refs = [...stdout.matchAll(/^Loaded image: (\S+)$/gm)].map((m) => m[1] as string);
  return refs.find((r) => r.startsWith("rancher/k3s:")) ?? refs[0] ?? null;
}
