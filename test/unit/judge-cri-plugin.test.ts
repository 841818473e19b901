import { describe, expect, test } from "vitest";
import {
  judgeCriKernelCheck,
  type CriPluginReport,
  type CriVariant,
} from "../../suites/containerd/judge-cri-plugin.js";

// Recorded in the sandbox (2026-12-06): containerd 2.1.9 (sid) on gVisor 20240729, whose uname is 4.4.0.
const REFUSED =
  'time="2026-12-06T05:20:52.903911005Z" level=warning msg="failed to load plugin" error="invalid plugin config: unprivileged_icmp and unprivileged_port require kernel version greater than or equal to 4.11" id=io.containerd.cri.v1.runtime type=io.containerd.cri.v1';
const CNI =
  'time="2026-12-06T05:20:50.179261089Z" level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods" error="cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config"';
const V2_OK = [
  { type: "io.containerd.cri.v1", id: "runtime", status: "ok" },
  { type: "io.containerd.cri.v1", id: "images", status: "ok" },
  { type: "io.containerd.grpc.v1", id: "cri", status: "ok" },
];
const V2_REFUSED = [
  { type: "io.containerd.cri.v1", id: "runtime", status: "error" },
  { type: "io.containerd.cri.v1", id: "images", status: "ok" },
  { type: "io.containerd.grpc.v1", id: "cri", status: "error" },
];
const started = { ok: true, exited: null, stderr: "" };
const variant = (name: CriVariant["name"], status: CriVariant["status"], errors: string[]): CriVariant => ({
  name,
  start: started,
  status,
  errors,
});
const report = (uname: string, containerd: string, variants: CriVariant[]): CriPluginReport => ({
  containerdVersion: containerd,
  uname,
  variants,
});
const SID = "containerd github.com/containerd/containerd/v2 2.1.9+unknown";

describe("containerd/cri-kernel-version-check", () => {
  test("loads with both off, refused with both on for the kernel version: holds (containerd 2.1 on 4.4.0)", () => {
    const r = judgeCriKernelCheck(
      report("4.4.0", SID, [
        variant("off", V2_OK, [CNI]),
        variant("on", V2_REFUSED, [REFUSED]),
        variant("defaults", V2_REFUSED, [REFUSED]),
      ]),
    );
    expect(r.verdict).toBe("holds");
    expect(r.summary).toBe(
      "with both options on: io.containerd.cri.v1.runtime error, io.containerd.grpc.v1.cri error: `invalid plugin config: " +
        "unprivileged_icmp and unprivileged_port require kernel version greater than or equal to 4.11` (uname 4.4.0, " +
        `${SID}); with both off it loads; with containerd's defaults: refused for the kernel version`,
    );
  });
  test("loads with both on: does not hold (4.19.0, or containerd 1.6 without the check)", () => {
    const on = [variant("off", V2_OK, [CNI]), variant("on", V2_OK, [CNI]), variant("defaults", V2_OK, [CNI])];
    const r = judgeCriKernelCheck(report("4.19.0-gvisor", SID, on));
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toMatch(
      /^with both options on the CRI plugin loads \(uname 4\.19\.0-gvisor, .*\); with containerd's defaults: loads$/,
    );
  });
  test("refused with both on for another reason: does not hold, with that reason", () => {
    const other =
      'level=warning msg="failed to load plugin" error="failed to create CRI service: no such device" id=io.containerd.grpc.v1.cri';
    const r = judgeCriKernelCheck(
      report("4.4.0", SID, [variant("off", V2_OK, []), variant("on", V2_REFUSED, [other])]),
    );
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toMatch(/not for the kernel version: .*failed to create CRI service: no such device/);
  });
  test("the plugin does not load even with both off, or containerd does not start: blocked, never a verdict", () => {
    const off = judgeCriKernelCheck(
      report("4.4.0", SID, [variant("off", V2_REFUSED, [REFUSED]), variant("on", V2_REFUSED, [REFUSED])]),
    );
    expect(off.verdict).toBe("blocked");
    expect(off.summary).toMatch(/does not load even with both options off/);
    const dead = {
      ...variant("off", [], []),
      start: { ok: false, exited: 1, stderr: "containerd: permission denied" },
    };
    expect(judgeCriKernelCheck(report("4.4.0", SID, [dead, variant("on", [], [])])).summary).toBe(
      "containerd did not start: containerd: permission denied",
    );
    expect(judgeCriKernelCheck(report("4.4.0", "", [])).verdict).toBe("blocked");
  });
});
