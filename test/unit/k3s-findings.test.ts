import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { CellDimensions } from "../../helpers/env/cell.js";
import { parseExpectationsText } from "../../helpers/finding/expectations-load.js";
import { resolveExpectation } from "../../helpers/finding/expectations-resolve.js";
import { CONTROL_PLANE_CAPABILITIES, k3sFindings } from "../../suites/k3s/findings.js";
import { fixtureDims } from "./fixtures/results-fixture.js";

const FILE = path.resolve(import.meta.dirname, "../../expectations/k3s.json");
const runsc: CellDimensions = fixtureDims();

describe("k3s findings and expectations", () => {
  afterEach(() => void vi.unstubAllEnvs());

  test("ids are fixed", () => {
    expect(k3sFindings.map((f) => f.id)).toEqual([
      "k3s/server-stable",
      "k3s/control-plane",
      "k3s/pod-sandbox-fails",
      "k3s/pod-never-runs",
      "k3s/service-networking-fails",
    ]);
  });
  test("expectations/k3s.json is valid for exactly these findings", () => {
    const parsed = parseExpectationsText(readFileSync(FILE, "utf8"), "expectations/k3s.json", k3sFindings);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ids?.map((i) => i.id)).toEqual(k3sFindings.map((f) => f.id));
  });
  test("the log's claims are the defaults; the runc baseline with real cgroupfs creates the pod sandbox", () => {
    const file = parseExpectationsText(readFileSync(FILE, "utf8"), "k3s.json", k3sFindings).file;
    const entry = (id: string) => file?.findings[id] ?? { rules: [], default: "blocked" as const };
    for (const f of k3sFindings) expect(entry(f.id).default).toBe("holds");
    // Measured: pods run on 20240729's own cgroupfs, so the log's pod claims do not hold there.
    expect(resolveExpectation(entry("k3s/pod-never-runs"), runsc).expected).toEqual(["does-not-hold"]);
    const runc = { ...runsc, runtime: "runc" as const, release: "host", platform: "native" };
    expect(resolveExpectation(entry("k3s/pod-sandbox-fails"), runc).expected).toEqual(["does-not-hold"]);
    expect(resolveExpectation(entry("k3s/pod-sandbox-fails"), { ...runc, cgroupSetup: "tmpfs" }).expected).toEqual(
      ["holds"],
    );
  });
  test("capabilities are listed once each", () => {
    const ids = CONTROL_PLANE_CAPABILITIES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  test("without k3s every finding applies where it did but is unavailable: a visible skip saying what is missing", () => {
    vi.stubEnv("GVC_K3S_BINARY", "/nonexistent/k3s");
    for (const f of k3sFindings) {
      expect(f.appliesTo?.(runsc, "runsc-20240729")).toBeNull();
      expect(f.unavailable?.()).toBe(
        "k3s tier did not run: GVC_K3S_BINARY=/nonexistent/k3s does not exist (how to provide it: run summary, README)",
      );
      expect(f.appliesTo?.({ ...runsc, cgroupSetup: "tmpfs" }, "runsc-20240729")).toMatch(
        /cells of fixtures\/cells.json \(k3sTier\), not in bookworm\.tmpfs\.no-faker$/,
      );
    }
  });
  test("the tier's cells: every finding in the native cells; the pod findings also in the log's tmpfs overlay", () => {
    vi.stubEnv("GVC_K3S_BINARY", "/nonexistent/k3s");
    const overlay = { ...runsc, cgroupSetup: "overlay-memory" as const };
    const podFindings = ["k3s/pod-sandbox-fails", "k3s/pod-never-runs"];
    for (const f of k3sFindings) {
      const inOverlay = [
        f.appliesTo?.(overlay, "runsc-20240729"),
        f.appliesTo?.({ ...overlay, faker: "ts" }, "runsc-20240729"),
      ];
      for (const skip of inOverlay)
        if (podFindings.includes(f.id)) expect(skip).toBeNull();
        else expect(skip).toMatch(/runs this finding in the cluster cells/);
      expect(f.appliesTo?.({ ...overlay, faker: "bash" }, "runsc-20240729")).toMatch(
        /not in bookworm\.overlay-memory\.faker-bash$/,
      );
      expect(f.appliesTo?.({ ...runsc, image: "sid" }, "runsc-20240729")).toMatch(/not in sid\.native\.no-faker$/);
    }
  });
  test("a platform variant's cells run the tier only where a pattern names them with their runtime", () => {
    vi.stubEnv("GVC_K3S_BINARY", "/nonexistent/k3s");
    for (const f of k3sFindings) {
      expect(f.appliesTo?.(runsc, "runsc-20240729-platform-ptrace")).toMatch(/runs this finding in the/);
      expect(f.appliesTo?.(runsc, "runsc-20240729")).toBeNull();
    }
  });
});
