import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { UNKNOWN_FACTS } from "../../helpers/env/cell.js";
import { buildKey, goArgv, type GoBuild } from "../../helpers/host/go-build.js";
import { goBuilds, kubernetesVersion, kubernetesVersionLdflags } from "../../helpers/host/kubernetes-build.js";
import { cellShape, k3sTierRole, readK3sTierCells, type K3sTierCells } from "../../helpers/k3s/tier-cells.js";

const install: GoBuild = {
  name: "helm",
  source: { kind: "install", pkg: "helm.sh/helm/v3/cmd/helm", version: "v3.22.0" },
  cgo: false,
  tags: [],
};

describe("Go builds through the module proxy", () => {
  test("install: go install PKG@VERSION into the cache folder, static, no toolchain download", () => {
    const { argv, env } = goArgv(install, "/c/helm");
    expect(argv).toEqual([
      "go",
      "install",
      "-v",
      "-trimpath",
      "-ldflags=-s -w",
      "helm.sh/helm/v3/cmd/helm@v3.22.0",
    ]);
    expect(env).toMatchObject({ CGO_ENABLED: "0", GOTOOLCHAIN: "local", GOBIN: "/c/helm" });
  });
  test("module: go build of our module's packages, with link-time settings after -s -w", () => {
    const b: GoBuild = {
      ...install,
      source: { kind: "module", dir: "/m", pkgs: [".", "./pause"] },
      ldflags: ["-X a.b=c"],
    };
    const { argv, cwd } = goArgv(b, "/c/out");
    expect(argv).toEqual([
      "go",
      "build",
      "-v",
      "-trimpath",
      "-ldflags=-s -w -X a.b=c",
      "-o",
      "/c/out/",
      ".",
      "./pause",
    ]);
    expect(cwd).toBe("/m");
  });
  test("the cache key changes with the Go version, the spec, and a module folder's files", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gvc-key-"));
    writeFileSync(path.join(dir, "go.mod"), "module x\n");
    const m: GoBuild = { ...install, source: { kind: "module", dir, pkgs: ["."] } };
    const k = buildKey(m, "go1.26.8");
    expect(buildKey(m, "go1.26.8")).toBe(k);
    expect(buildKey(m, "go1.26.9")).not.toBe(k);
    expect(buildKey({ ...m, cgo: true }, "go1.26.8")).not.toBe(k);
    writeFileSync(path.join(dir, "main.go"), "package main\n");
    expect(buildKey(m, "go1.26.8")).not.toBe(k);
  });
});

describe("the kubernetes source", () => {
  test("the Kubernetes release is the one our build module requires, in either go.mod form", () => {
    expect(kubernetesVersion("module x\n\nrequire k8s.io/kubernetes v1.37.2\n")).toBe("v1.37.2");
    expect(
      kubernetesVersion("module x\n\nrequire (\n\tk8s.io/api v0.37.2\n\tk8s.io/kubernetes v1.37.2\n)\n"),
    ).toBe("v1.37.2");
    expect(() => kubernetesVersion("module x\n")).toThrow(/does not require k8s.io\/kubernetes/);
    expect(kubernetesVersion()).toMatch(/^v1\.\d+\.\d+$/);
  });
  test("the components report their release, stamped where Kubernetes' own build stamps it", () => {
    const flags = kubernetesVersionLdflags("v1.37.2");
    expect(flags).toContain("-X k8s.io/component-base/version.gitVersion=v1.37.2");
    expect(flags).toContain("-X k8s.io/client-go/pkg/version.gitMinor=37");
    const node = goBuilds().find((b) => b.name === "kubernetes-node");
    expect(node?.ldflags).toEqual(kubernetesVersionLdflags(kubernetesVersion()));
    expect(() => kubernetesVersionLdflags("master")).toThrow();
  });
});

describe("the k3s tier's cells (fixtures/cells.json k3sTier)", () => {
  const d = {
    runtime: "runsc" as const,
    release: "20240729",
    platform: "systrap",
    image: "bookworm" as const,
    ...UNKNOWN_FACTS,
  };
  test("native cgroupfs runs the cluster; the log's tmpfs overlay, with and without the faker, the pods", () => {
    const tier = readK3sTierCells();
    expect(k3sTierRole({ ...d, cgroupSetup: "native", faker: "none" }, tier)).toBe("cluster");
    expect(k3sTierRole({ ...d, cgroupSetup: "overlay-memory", faker: "none" }, tier)).toBe("pods");
    expect(k3sTierRole({ ...d, cgroupSetup: "overlay-memory", faker: "ts" }, tier)).toBe("pods");
    expect(k3sTierRole({ ...d, cgroupSetup: "overlay-memory", faker: "bash" }, tier)).toBeNull();
    expect(k3sTierRole({ ...d, image: "sid", cgroupSetup: "native", faker: "none" }, tier)).toBeNull();
    expect(cellShape({ image: "bookworm", cgroupSetup: "tmpfs", faker: "pre-created" })).toBe(
      "bookworm.tmpfs.faker-pre-created",
    );
  });

  test("a cell `except` names runs none of the tier, whatever pattern names it; others are unchanged", () => {
    const tier = readK3sTierCells();
    const old = { ...d, release: "20221219" };
    expect(k3sTierRole({ ...old, cgroupSetup: "native", faker: "none" }, tier)).toBe("cluster");
    expect(k3sTierRole({ ...old, cgroupSetup: "overlay-memory", faker: "none" }, tier)).toBeNull();
    expect(k3sTierRole({ ...old, cgroupSetup: "overlay-memory", faker: "ts" }, tier)).toBeNull();
    const withExcept: K3sTierCells = {
      $comment: "",
      cluster: ["bookworm.native.no-faker"],
      pods: ["bookworm.*"],
      except: ["runsc-2024*.bookworm.native.*"],
    };
    expect(k3sTierRole({ ...d, cgroupSetup: "native", faker: "none" }, withExcept)).toBeNull();
    expect(k3sTierRole({ ...d, release: "20250505", cgroupSetup: "native", faker: "none" }, withExcept)).toBe(
      "cluster",
    );
  });
});
