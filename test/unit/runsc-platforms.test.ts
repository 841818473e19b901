import { describe, expect, test } from "vitest";
import { declaredPlatform } from "../../helpers/env/cell.js";
import { platformRegistrations, readPlatformsFile } from "../../helpers/host/runsc-platforms.js";

describe("platform variants (fixtures/runsc-platforms.json)", () => {
  const releases = [
    { name: "runsc-20240729", path: "/opt/r/20240729/runsc", runtimeArgs: ["--network=none"] },
    { name: "runsc-20260520", path: "/opt/r/20260520/runsc", runtimeArgs: ["--network=none"] },
  ];
  test("each variant runs its release's binary with its platform flag, under its own name", () => {
    const { registrations, missing } = platformRegistrations(
      { variants: [{ release: "20260520", platforms: ["ptrace", "kvm"] }] },
      releases,
    );
    expect(missing).toEqual([]);
    expect(registrations).toEqual([
      {
        name: "runsc-20260520-platform-ptrace",
        path: "/opt/r/20260520/runsc",
        runtimeArgs: ["--network=none", "--platform=ptrace"],
      },
      {
        name: "runsc-20260520-platform-kvm",
        path: "/opt/r/20260520/runsc",
        runtimeArgs: ["--network=none", "--platform=kvm"],
      },
    ]);
  });
  test("a release not registered on this host has no variants, and is named", () => {
    const r = platformRegistrations({ variants: [{ release: "20990101", platforms: ["kvm"] }] }, releases);
    expect(r).toEqual({ registrations: [], missing: ["20990101"] });
  });
  test("the declared platform of a runtime's flags", () => {
    expect(declaredPlatform(["--network=none", "--platform=kvm"])).toBe("kvm");
    expect(declaredPlatform(["--network=none"])).toBeNull();
  });
  test("the project's file parses and names registered-by-default releases", () => {
    const file = readPlatformsFile();
    expect(file.variants.length).toBeGreaterThan(0);
    for (const v of file.variants) expect(v.release).toMatch(/^(\d{8}|go\d{8}-[0-9a-f]{12}|newest)$/);
  });
});
