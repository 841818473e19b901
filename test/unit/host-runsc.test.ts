import { describe, expect, test } from "vitest";
import { extraRunscFromEnv } from "../../helpers/host/extra-runsc.js";
import { releaseOf } from "../../helpers/host/runsc-binary.js";
import { runtimeNameFor } from "../../helpers/host/runtime-registry.js";
import { baselineCapabilities } from "../../helpers/sandbox/baseline-caps.js";

describe("runsc releases and runtime names", () => {
  test("release from Debian's and upstream's version lines", () => {
    expect(releaseOf("runsc version 0.0~20221219.0")).toBe("20221219");
    expect(releaseOf("runsc version release-20240729.0")).toBe("20240729");
    expect(releaseOf("runsc version 6c1a3ba")).toBeNull();
  });
  test("runtime names carry the release and a slug of extra flags", () => {
    expect(runtimeNameFor("20240729", [])).toBe("runsc-20240729");
    expect(runtimeNameFor("20240729", ["--platform=ptrace"])).toBe("runsc-20240729-platform-ptrace");
    expect(runtimeNameFor("20250101", ["--platform=kvm", "--debug"])).toBe("runsc-20250101-platform-kvm-debug");
  });
  test("user runsc binaries from the environment", () => {
    const got = extraRunscFromEnv({
      GVC_RUNSC: "/a/runsc,/b/runsc",
      GVC_RUNSC_FLAGS: "--platform=ptrace  --debug",
    });
    expect(got).toEqual([
      { path: "/a/runsc", flags: ["--platform=ptrace", "--debug"] },
      { path: "/b/runsc", flags: ["--platform=ptrace", "--debug"] },
    ]);
    expect(extraRunscFromEnv({})).toEqual([]);
  });
});

describe("baseline capabilities", () => {
  test("every classic capability of the bounding set, none outside it", () => {
    const all = (1n << 38n) - 1n;
    const withoutSysResource = all & ~(1n << 24n);
    expect(baselineCapabilities(all)).toHaveLength(38);
    expect(baselineCapabilities(withoutSysResource)).not.toContain("SYS_RESOURCE");
    expect(baselineCapabilities(withoutSysResource)).toContain("SYS_ADMIN");
    expect(baselineCapabilities(0b101n)).toEqual(["CHOWN", "DAC_READ_SEARCH"]);
  });
});
