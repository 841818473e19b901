import { describe, expect, test } from "vitest";
import {
  HOW_TO_PROVIDE_K3S,
  K3S_PINNED_VERSION,
  k3sImageRef,
  resolveK3sSource,
  versionIn,
  type K3sSourceProbes,
} from "../../helpers/k3s/k3s-source.js";
import { k3sTierStatus } from "../../helpers/k3s/tier-status.js";
import { KUBERNETES_BUILD } from "./fixtures/kubernetes-build-info.js";

/** Probes over a fixed set of local images and files. */
const host = (
  images: string[] = [],
  files: string[] = [],
  build: typeof KUBERNETES_BUILD | null = null,
): K3sSourceProbes => ({
  imageExists: (ref) => images.includes(ref),
  fileExists: (p) => files.includes(p),
  kubernetesBuild: () => build,
});

describe("k3s source resolution", () => {
  test("with nothing provided, a kubernetes build from source is the source, named with its versions", () => {
    const s = resolveK3sSource({}, host([], [], KUBERNETES_BUILD));
    expect(s.kind).toBe("kubernetes");
    expect(s.kind !== "unavailable" && s.detail).toMatch(
      /^kubernetes v1\.37\.2 \(upstream .*go1\.26\.8.*kine v0\.17\.5/,
    );
    expect(k3sTierStatus({}, host([], [], KUBERNETES_BUILD))).toMatchObject({ available: true });
  });
  test("what the user names, or the pinned k3s image, wins over the kubernetes build", () => {
    expect(resolveK3sSource({ GVC_K3S_BINARY: "/k3s" }, host([], ["/k3s"], KUBERNETES_BUILD)).kind).toBe("binary");
    expect(resolveK3sSource({}, host([k3sImageRef()], [], KUBERNETES_BUILD)).kind).toBe("image");
    // A named source that is missing stays unavailable: never silently replaced by another.
    expect(resolveK3sSource({ GVC_K3S_BINARY: "/nope" }, host([], [], KUBERNETES_BUILD)).kind).toBe("unavailable");
  });
  test("the pin is tagged with - instead of +", () => {
    expect(K3S_PINNED_VERSION).toBe("v1.31.4+k3s1");
    expect(k3sImageRef()).toBe("rancher/k3s:v1.31.4-k3s1");
    expect(versionIn("/srv/k3s-v1.30.2-k3s2.tar")).toBe("v1.30.2+k3s2");
    expect(versionIn("/usr/local/bin/k3s")).toBeNull();
  });
  test("nothing configured and nothing local: unavailable, saying all three ways", () => {
    const s = resolveK3sSource({}, host());
    expect(s.kind).toBe("unavailable");
    if (s.kind !== "unavailable") return;
    expect(s.needs).toContain(HOW_TO_PROVIDE_K3S);
    for (const v of [
      "GVC_K3S_IMAGE=rancher/k3s:v1.31.4-k3s1",
      "GVC_K3S_AIRGAP_TAR=<path>",
      "GVC_K3S_BINARY=<path>",
    ])
      expect(s.needs).toContain(v);
  });
  test("nothing configured but the pinned image is local: that image", () => {
    const s = resolveK3sSource({}, host(["rancher/k3s:v1.31.4-k3s1"]));
    expect(s).toMatchObject({ kind: "image", image: "rancher/k3s:v1.31.4-k3s1", version: "v1.31.4+k3s1" });
  });
  test("an image: used when local, else unavailable saying there is no registry", () => {
    const env = { GVC_K3S_IMAGE: "rancher/k3s:v1.32.1-k3s1" };
    expect(resolveK3sSource(env, host(["rancher/k3s:v1.32.1-k3s1"]))).toMatchObject({
      kind: "image",
      version: "v1.32.1+k3s1",
    });
    const missing = resolveK3sSource(env, host());
    expect(missing).toMatchObject({ kind: "unavailable" });
    expect(missing.kind === "unavailable" && missing.needs).toMatch(
      /not in the local engine and there is no registry/,
    );
  });
  test("a tarball or a binary: used when the file exists; version from the name, else the pin (assumed)", () => {
    expect(
      resolveK3sSource({ GVC_K3S_AIRGAP_TAR: "/t/k3s-v1.31.4-k3s1.tar" }, host([], ["/t/k3s-v1.31.4-k3s1.tar"])),
    ).toMatchObject({
      kind: "airgap-tar",
      tarball: "/t/k3s-v1.31.4-k3s1.tar",
      version: "v1.31.4+k3s1",
    });
    const bin = resolveK3sSource({ GVC_K3S_BINARY: "/b/k3s" }, host([], ["/b/k3s"]));
    expect(bin).toMatchObject({ kind: "binary", binary: "/b/k3s", version: "v1.31.4+k3s1 (assumed: the pin)" });
    expect(resolveK3sSource({ GVC_K3S_BINARY: "/b/k3s" }, host())).toMatchObject({ kind: "unavailable" });
  });
  test("an empty variable counts as unset", () => {
    const env = { GVC_K3S_IMAGE: "", GVC_K3S_AIRGAP_TAR: "", GVC_K3S_BINARY: "/b/k3s" };
    expect(resolveK3sSource(env, host([], ["/b/k3s"]))).toMatchObject({ kind: "binary", binary: "/b/k3s" });
  });
  test("two ways at once is refused rather than guessed", () => {
    const s = resolveK3sSource(
      { GVC_K3S_IMAGE: "rancher/k3s:x", GVC_K3S_BINARY: "/b/k3s" },
      host(["rancher/k3s:x"], ["/b/k3s"]),
    );
    expect(s).toEqual({ kind: "unavailable", needs: "set only one of GVC_K3S_IMAGE, GVC_K3S_BINARY" });
  });
  test("pod images are carried along, and must exist when given", () => {
    const env = { GVC_K3S_BINARY: "/b/k3s", GVC_K3S_POD_IMAGES: "/i/k3s-airgap-images-amd64.tar" };
    const s = resolveK3sSource(env, host([], ["/b/k3s", "/i/k3s-airgap-images-amd64.tar"]));
    expect(s).toMatchObject({ kind: "binary", podImages: "/i/k3s-airgap-images-amd64.tar" });
    expect(resolveK3sSource(env, host([], ["/b/k3s"]))).toMatchObject({ kind: "unavailable" });
  });
});

describe("k3s tier status (the run summary line)", () => {
  test("unavailable: one plain line that says the tier did not run and how to provide k3s", () => {
    const status = k3sTierStatus({}, host());
    expect(status.available).toBe(false);
    expect(status.summary).toMatch(
      /^k3s tier did not run: no k3s image, airgap tarball or binary, and no kubernetes build \(setup builds one where Go is installed\): set GVC_K3S_IMAGE=/,
    );
    expect(status.summary).not.toContain("\n");
  });
  test("available: says which k3s", () => {
    const status = k3sTierStatus({ GVC_K3S_BINARY: "/b/k3s" }, host([], ["/b/k3s"]));
    expect(status).toMatchObject({
      available: true,
      summary: expect.stringMatching(/^k3s tier: k3s .* from binary \/b\/k3s/),
    });
  });
});
