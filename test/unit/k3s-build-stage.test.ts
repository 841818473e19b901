import { describe, expect, test } from "vitest";
import {
  K3S_DOCKERFILE_COPY,
  K3S_DOCKERFILE_STAGE,
  imageRefFromDockerLoad,
  k3sBuildArgs,
  k3sBuildPlan,
} from "../../helpers/k3s/build-stage.js";

const common = { version: "v1.31.4+k3s1", detail: "", podImages: null };

describe("k3s build plan", () => {
  test("an image: a build arg selecting it, nothing to load or copy", () => {
    const plan = k3sBuildPlan({ kind: "image", image: "rancher/k3s:v1.31.4-k3s1", ...common });
    expect(plan).toEqual({
      load: null,
      image: "rancher/k3s:v1.31.4-k3s1",
      contextFiles: [],
      hashInput: "k3s=rancher/k3s:v1.31.4-k3s1",
    });
    expect(k3sBuildArgs(plan.image)).toEqual(["--build-arg", "K3S_IMAGE=rancher/k3s:v1.31.4-k3s1"]);
  });
  test("a tarball: docker load first, the image comes from its output", () => {
    const plan = k3sBuildPlan({ kind: "airgap-tar", tarball: "/t/k3s.tar", ...common });
    expect(plan.load).toEqual(["docker", "load", "-i", "/t/k3s.tar"]);
    expect(plan.image).toBeNull();
    expect(imageRefFromDockerLoad("Loaded image: rancher/k3s:v1.31.4-k3s1\n")).toBe("rancher/k3s:v1.31.4-k3s1");
    expect(imageRefFromDockerLoad("Loaded image: other:1\nLoaded image: rancher/k3s:v1.31.4-k3s1\n")).toBe(
      "rancher/k3s:v1.31.4-k3s1",
    );
    expect(imageRefFromDockerLoad("Loaded image ID: sha256:abc\n")).toBeNull();
  });
  test("a binary: copied into the build context where the image's COPY picks it up; no build arg", () => {
    const plan = k3sBuildPlan({
      kind: "binary",
      binary: "/b/k3s",
      ...common,
      podImages: "/i/k3s-airgap-images-amd64.tar",
    });
    expect(plan.contextFiles).toEqual([
      { from: "/b/k3s", to: "fixtures/image/k3s/k3s" },
      { from: "/i/k3s-airgap-images-amd64.tar", to: "fixtures/image/k3s/images/k3s-airgap-images-amd64.tar" },
    ]);
    expect(k3sBuildArgs(plan.image)).toEqual([]);
    expect(plan.hashInput).toBe("k3s=binary pod-images=k3s-airgap-images-amd64.tar");
  });
  test("unavailable: the default (empty) stage, and a hash input saying so", () => {
    expect(k3sBuildPlan({ kind: "unavailable", needs: "x" })).toEqual({
      load: null,
      image: null,
      contextFiles: [],
      hashInput: "k3s=none",
    });
  });
  test("the Dockerfile stage defaults to an empty stage so an image without k3s still builds", () => {
    expect(K3S_DOCKERFILE_STAGE).toContain("ARG K3S_IMAGE=k3s-none");
    expect(K3S_DOCKERFILE_STAGE).toContain("FROM scratch AS k3s-none");
    expect(K3S_DOCKERFILE_STAGE).toContain("FROM ${K3S_IMAGE} AS k3s");
    expect(K3S_DOCKERFILE_COPY).toBe("COPY --from=k3s /bin/k3s* /opt/gvisor-conformance/k3s/");
  });
});
