import { describe, expect, test } from "vitest";
import { newestRelease } from "../../helpers/env/declared-cells.js";
import { runtimeFromEngine } from "../../helpers/env/discover.js";
import type { Runtime } from "../../helpers/env/cell.js";
import {
  compareReleasesNewestFirst,
  isSnapshotRelease,
  parsePseudoVersion,
  releaseOf,
  releaseOfRuntimeName,
  RELEASE_NAME,
  snapshotReleaseName,
  snapshotVersionStamp,
} from "../../helpers/host/runsc-binary.js";
import {
  declaredSandboxCgroup,
  sandboxCgroupRegistrations,
  sandboxCgroupV2Flag,
} from "../../helpers/host/runsc-cgroup-variants.js";
import { platformRegistrations } from "../../helpers/host/runsc-platforms.js";
import { runtimeRole, staleReleaseRuntimes } from "../../helpers/host/runtime-registry.js";

const HEAD = "v0.0.0-20260905035102-160fafc42237";

describe("go-branch snapshots are named for what they are", () => {
  test("a pseudo-version gives the snapshot's date and commit, never a release", () => {
    expect(parsePseudoVersion(HEAD)).toEqual({ date: "20260905", time: "035102", commit: "160fafc42237" });
    expect(snapshotReleaseName(HEAD)).toBe("go20260905-160fafc42237");
    expect(snapshotVersionStamp(HEAD)).toBe("go-branch-v0.0.0-20260905035102-160fafc42237");
    expect(snapshotReleaseName("v1.2.3")).toBeNull();
    expect(snapshotReleaseName("v0.0.0-2026090503510-160fafc42237")).toBeNull();
  });
  test("releaseOf reads the snapshot's stamp, and the releases' as before", () => {
    expect(releaseOf(`runsc version ${snapshotVersionStamp(HEAD)}`)).toBe("go20260905-160fafc42237");
    expect(releaseOf("runsc version release-20240729.0")).toBe("20240729");
    expect(releaseOf("runsc version 0.0~20221219.0")).toBe("20221219");
    // A bare pseudo-version (someone else's stamp) is not read as a release date.
    expect(releaseOf(`runsc version ${HEAD}`)).toBeNull();
  });
  test("release names, and the runtime names they head", () => {
    for (const ok of ["20240729", "go20260905-160fafc42237"]) expect(RELEASE_NAME.test(ok)).toBe(true);
    for (const bad of ["2024072", "go20260905", "go20260905-160fafc4223", "release-20240729"])
      expect(RELEASE_NAME.test(bad)).toBe(false);
    expect(isSnapshotRelease("go20260905-160fafc42237")).toBe(true);
    expect(isSnapshotRelease("20260520")).toBe(false);
    expect(releaseOfRuntimeName("runsc-go20260905-160fafc42237")).toBe("go20260905-160fafc42237");
    expect(releaseOfRuntimeName("runsc-go20260905-160fafc42237-platform-kvm")).toBeNull();
    expect(releaseOfRuntimeName("runsc-20240729")).toBe("20240729");
  });
  test("newest first: by date, a snapshot after the release of its day", () => {
    const sorted = ["20240729", "go20260905-160fafc42237", "20260520", "20260905"].sort(
      compareReleasesNewestFirst,
    );
    expect(sorted).toEqual(["go20260905-160fafc42237", "20260905", "20260520", "20240729"]);
  });
  test("the engine's runtimes: a snapshot's own runtime is a build (release), its variants carry its release", () => {
    const path = "/var/lib/gvisor-conformance/runsc/go20260905-160fafc42237/runsc";
    const state = { runtimes: {} };
    expect(
      runtimeRole("runsc-go20260905-160fafc42237", { path }, state, "/var/lib/gvisor-conformance/runsc"),
    ).toBe("release");
    const variant = runtimeFromEngine("runsc-go20260905-160fafc42237-in-sandbox-cgroup-v2", { path }, state);
    expect(variant).toMatchObject({ kind: "runsc", release: "go20260905-160fafc42237" });
    expect(runtimeFromEngine("runsc-20240729-platform-kvm", { path }, state)).toMatchObject({
      release: "20240729",
    });
  });
});

describe("cgroup v2 inside the sandbox: a variant where the binary has the flag", () => {
  const flagsHead =
    "  -ignore-cgroups\n    \tdon't configure cgroups.\n  -in-sandbox-cgroup value\n    \tcgroup setup to use inside the sandbox: v1 (default), v2.\n";
  const flagsJuly =
    "  -mount-cgroup-v2\n    \tEXPERIMENTAL. Mount cgroup v2 instead of cgroup v1 inside the sandbox.\n";
  const flagsOld = "  -ignore-cgroups\n    \tdon't configure cgroups.\n  -platform string\n";
  test("the flag, read from `runsc flags`", () => {
    expect(sandboxCgroupV2Flag(flagsHead)).toBe("--in-sandbox-cgroup=v2");
    expect(sandboxCgroupV2Flag(flagsJuly)).toBe("--mount-cgroup-v2");
    expect(sandboxCgroupV2Flag(flagsOld)).toBeNull();
    expect(declaredSandboxCgroup(["--network=none", "--in-sandbox-cgroup=v2"])).toBe("v2");
    expect(declaredSandboxCgroup(["--network=none", "--mount-cgroup-v2"])).toBe("v2");
    expect(declaredSandboxCgroup(["--network=none"])).toBe("v1");
  });
  test("one variant per build that has it, none for its platform variants or builds without it", async () => {
    const regs = [
      { name: "runsc-20260520", path: "/r/20260520/runsc", runtimeArgs: ["--network=none"] },
      { name: "runsc-go20260905-160fafc42237", path: "/r/head/runsc", runtimeArgs: ["--network=none"] },
      {
        name: "runsc-go20260905-160fafc42237-platform-ptrace",
        path: "/r/head/runsc",
        runtimeArgs: ["--network=none", "--platform=ptrace"],
      },
    ];
    const flagsOf = async (binary: string) => (binary === "/r/head/runsc" ? flagsHead : flagsOld);
    const v2 = await sandboxCgroupRegistrations(regs, releaseOfRuntimeName, flagsOf);
    expect(v2).toEqual([
      {
        name: "runsc-go20260905-160fafc42237-in-sandbox-cgroup-v2",
        path: "/r/head/runsc",
        runtimeArgs: ["--network=none", "--in-sandbox-cgroup=v2"],
      },
    ]);
  });
});

describe("the newest build carries the platform dimension and the newest-only default cells", () => {
  const regs = [
    { name: "runsc-20260520", path: "/r/20260520/runsc", runtimeArgs: ["--network=none"] },
    { name: "runsc-go20260905-160fafc42237", path: "/r/head/runsc", runtimeArgs: ["--network=none"] },
    { name: "runsc-go20990101-0123456789ab", path: "/r/x/runsc", runtimeArgs: ["--network=none"], oneOff: true },
  ];
  test('"newest" in runsc-platforms.json is the newest registered build, one-offs left out', () => {
    const { registrations } = platformRegistrations(
      { variants: [{ release: "newest", platforms: ["ptrace"] }] },
      regs,
    );
    expect(registrations.map((r) => r.name)).toEqual(["runsc-go20260905-160fafc42237-platform-ptrace"]);
  });
  test('"newest" among the discovered runtimes', () => {
    const runtimes: Runtime[] = regs.map((r) => ({
      kind: "runsc",
      name: r.name,
      release: releaseOfRuntimeName(r.name) ?? "unknown",
      path: r.path,
      runtimeArgs: r.runtimeArgs,
      ...(r.oneOff ? { oneOff: true } : {}),
    }));
    expect(newestRelease([...runtimes, { kind: "runc", name: "runc" }])).toBe("go20260905-160fafc42237");
    expect(newestRelease([{ kind: "runc", name: "runc" }])).toBeNull();
  });
});

describe("setup's record of runtimes", () => {
  test("default runtimes an earlier setup registered and this one did not are stale; one-offs never are", () => {
    const at = "2026-12-06T00:00:00.000Z";
    const state = {
      runtimes: {
        "runsc-20260520": { role: "release" as const, path: "/r/a", runtimeArgs: [], registeredAt: at },
        "runsc-20260520-platform-kvm": {
          role: "release" as const,
          path: "/r/a",
          runtimeArgs: [],
          registeredAt: at,
        },
        "runsc-20990101": { role: "one-off" as const, path: "/r/b", runtimeArgs: [], registeredAt: at },
      },
    };
    const now = [{ name: "runsc-20260520", path: "/r/a", runtimeArgs: [] }];
    expect(staleReleaseRuntimes(state, now)).toEqual(["runsc-20260520-platform-kvm"]);
  });
});
