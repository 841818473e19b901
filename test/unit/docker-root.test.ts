import { describe, expect, it } from "vitest";
import { traversableMode } from "../../helpers/host/docker-engine.js";

describe("the engine's root, traversable by gVisor 20221219's sandbox (nobody)", () => {
  it("adds o+x only where it is missing, keeping every other bit", () => {
    // 0710: the root as found on this host on 2026-12-06, when every 20221219 sandbox died at start.
    expect(traversableMode(0o40710)).toBe(0o711);
    expect(traversableMode(0o700)).toBe(0o701);
    expect(traversableMode(0o40711)).toBeNull();
    expect(traversableMode(0o755)).toBeNull();
  });
});
