import { describe, expect, test } from "vitest";
import { judgeKernel, type KernelObservation } from "../../suites/kernel/judge-kernel.js";

const gvisor: KernelObservation = {
  declared: { kind: "runsc", release: "20240729" },
  dmesgFirstLine: "[    0.000000] Starting gVisor...",
  unameInside: "4.4.0",
  unameHost: "6.1.0",
  servingRelease: "20240729",
};
const baseline: KernelObservation = {
  declared: { kind: "runc" },
  dmesgFirstLine: "[    0.000000] Linux version 6.1.0",
  unameInside: "6.1.0",
  unameHost: "6.1.0",
  servingRelease: null,
};

describe("kernel/matches-runtime decision", () => {
  test("gVisor served by the declared release holds", () => {
    expect(judgeKernel(gvisor).verdict).toBe("holds");
  });
  test("gVisor served by another release does not hold", () => {
    const r = judgeKernel({ ...gvisor, servingRelease: "20221219" });
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toContain("20221219");
  });
  test("a runsc cell whose container sees no gVisor does not hold", () => {
    expect(judgeKernel({ ...gvisor, dmesgFirstLine: "Linux", servingRelease: null }).verdict).toBe(
      "does-not-hold",
    );
  });
  test("the baseline on the host kernel holds", () => {
    expect(judgeKernel(baseline).verdict).toBe("holds");
  });
  test("a baseline that runs gVisor or another kernel does not hold", () => {
    expect(judgeKernel({ ...baseline, servingRelease: "20240729" }).verdict).toBe("does-not-hold");
    expect(judgeKernel({ ...baseline, unameInside: "4.4.0" }).verdict).toBe("does-not-hold");
  });
});
