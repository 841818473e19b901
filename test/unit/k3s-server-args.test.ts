import { describe, expect, test } from "vitest";
import { K3S_IN_SANDBOX } from "../../helpers/k3s/build-stage.js";
import { SERVER_FLAGS, controlPlaneMode, k3sServerArgv } from "../../helpers/k3s/server-args.js";

describe("k3s server argv", () => {
  test("control plane only: --disable-agent, none of the agent-only flags", () => {
    const argv = k3sServerArgv("control-plane");
    expect(argv.slice(0, 2)).toEqual([K3S_IN_SANDBOX, "server"]);
    expect(argv).toContain("--disable-agent");
    expect(argv).toContain("--flannel-backend=none");
    expect(argv).not.toContain("--snapshotter=native");
    expect(argv.some((a) => a.startsWith("--kubelet-arg"))).toBe(false);
  });
  test("with the agent: the node name from the log and the flags the sandbox demands", () => {
    const argv = k3sServerArgv("with-agent");
    expect(argv).not.toContain("--disable-agent");
    expect(argv).toEqual(
      expect.arrayContaining([
        "--node-name=runsc",
        "--snapshotter=native",
        "--flannel-backend=none",
        "--disable-network-policy",
        "--disable=traefik,metrics-server,servicelb",
        "--kubelet-arg=cgroups-per-qos=false",
        "--kubelet-arg=enforce-node-allocatable=",
      ]),
    );
  });
  test("options: binary, data dir, extra flags last", () => {
    const argv = k3sServerArgv("with-agent", { binary: "/k3s", dataDir: "/d", extra: ["--debug"] });
    expect(argv[0]).toBe("/k3s");
    expect(argv.slice(-2)).toEqual(["--data-dir=/d", "--debug"]);
  });
  test("every flag says why and on what basis", () => {
    for (const f of SERVER_FLAGS) {
      expect(f.why.length).toBeGreaterThan(20);
      expect(["log", "inference"]).toContain(f.basis);
      expect(f.modes.length).toBeGreaterThan(0);
    }
  });
  test("the control-plane finding's mode: agent by default, control-plane on request, anything else refused", () => {
    expect(controlPlaneMode({})).toBe("with-agent");
    expect(controlPlaneMode({ GVC_K3S_CONTROL_PLANE_MODE: "control-plane" })).toBe("control-plane");
    expect(() => controlPlaneMode({ GVC_K3S_CONTROL_PLANE_MODE: "agent" })).toThrow(/is not one of/);
  });
});
