import { describe, expect, test } from "vitest";
import {
  classifyRuntimeError,
  isCgroupApplyFailure,
  normaliseRuntimeError,
} from "../../helpers/probes/runtime-error-class.js";
import {
  EXP16_FRAGMENT,
  EXP16_SANDBOX_ENOENT,
  EXP17_FRAGMENT,
  EXP17_SANDBOX_NOT_CGROUP_FILE,
} from "./fixtures/log-messages.js";

const CHAIN = [
  "Failed to create pod sandbox",
  "rpc error: code = Unknown desc =",
  "failed to create containerd task",
  "failed to create shim task",
  "OCI runtime create failed",
  "runc create failed",
  "unable to start container process",
  "unable to apply cgroup configuration",
];
const ID64 = "383c4967a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
const UID = "1bd3bcb0-5a2e-4c1f-9d3e-0a1b2c3d4e5f";

describe("the research log's own messages", () => {
  test("Experiment 16: cgroup.procs missing, with the log's <PID>/<hash> placeholders", () => {
    const c = classifyRuntimeError(EXP16_SANDBOX_ENOENT.text);
    expect(c.class).toBe("cgroup-procs-enoent");
    expect(c.raw).toBe(EXP16_SANDBOX_ENOENT.text);
    expect(c.layers).toEqual([
      ...CHAIN,
      "failed to write <PID>: open /sys/fs/cgroup/memory/k8s.io/<ID>/cgroup.procs: no such file or directory",
    ]);
  });
  test("cgroup v2 inside gVisor: runc's eBPF device filter refused (measured on the 2026-09-05 go-branch snapshot)", () => {
    const c = classifyRuntimeError(
      "runc run failed: unable to start container process: error during container init: error setting cgroup config for procHooks process: failed to call BPF_PROG_ATTACH (BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI): BPF_PROG_ATTACH not supported (requires >= v4.10)",
    );
    expect(c.class).toBe("cgroup-v2-device-bpf");
    const xdev = classifyRuntimeError(
      "runc run failed: unable to get cgroup PIDs: openat2 /sys/fs/cgroup/k8s.io/7c83e41cd40cd3d59a6ee0c38c77e2d136a3184c3b6cafd889f996637d5e4780/cgroup.procs: invalid cross-device link",
    );
    expect(xdev.class).toBe("cgroup-file-cross-device");
    // runc 1.3.6 on gVisor 20250505 (sid): the cgroup warning before it does not make it a cgroup error.
    const mask = classifyRuntimeError(
      'time="2026-12-06T05:04:06Z" level=warning msg="unable to get oom kill count" error="open /sys/fs/cgroup/memory/k8s.io/91ce57fb809112540f4ca6c75f0f6eb6bbe7466856f8285b6c767dd949652195/memory.oom_control: no such file or directory"\n' +
        'time="2026-12-06T05:04:06Z" level=error msg="runc run failed: unable to start container process: error during container init: can\'t mask dir \\"/sys/firmware\\": mount src=tmpfs, dst=/sys/firmware, flags=MS_RDONLY, data=nr_blocks=1,nr_inodes=1: invalid argument"\n',
    );
    expect(mask.class).toBe("mask-tmpfs-refused");
    expect(xdev.normalised).toBe(
      "runc run failed: unable to get cgroup PIDs: openat2 /sys/fs/cgroup/k8s.io/<ID>/cgroup.procs: invalid cross-device link",
    );
  });
  test("Experiment 17: not a cgroup file, pid and shortened id normalised, `: unknown` left out of the layers", () => {
    const c = classifyRuntimeError(EXP17_SANDBOX_NOT_CGROUP_FILE.text);
    expect(c.class).toBe("cgroup-procs-not-cgroup-file");
    expect(c.normalised).toBe(
      `${CHAIN.slice(0, 1).join(": ")}: ${CHAIN[1]} ${CHAIN.slice(2).join(": ")}: failed to write <PID>: ` +
        "open /sys/fs/cgroup/memory/k8s.io/<ID>/cgroup.procs: not a cgroup file: unknown",
    );
    expect(c.layers.at(-1)).toBe(
      "failed to write <PID>: open /sys/fs/cgroup/memory/k8s.io/<ID>/cgroup.procs: not a cgroup file",
    );
    expect(c.layers.slice(0, -1)).toEqual(CHAIN);
    expect(isCgroupApplyFailure(c)).toBe(true);
  });
  test("the log's two messages differ in class only by their cause", () => {
    const a = classifyRuntimeError(EXP16_SANDBOX_ENOENT.text);
    const b = classifyRuntimeError(EXP17_SANDBOX_NOT_CGROUP_FILE.text);
    expect(a.layers.slice(0, -1)).toEqual(b.layers.slice(0, -1));
    expect(a.class).not.toBe(b.class);
  });
  test("the log's cut-off fragments do not claim a cgroup.procs class", () => {
    expect(classifyRuntimeError(EXP16_FRAGMENT.text).class).toBe("unknown");
    expect(classifyRuntimeError(EXP17_FRAGMENT.text).class).toBe("cgroup-other");
  });
});

describe("synthetic variants", () => {
  const runc11 =
    "OCI runtime create failed: runc create failed: unable to start container process: unable to apply cgroup " +
    `configuration: failed to write 4242: open /sys/fs/cgroup/memory/k8s.io/${ID64}/cgroup.procs: no such file or directory`;
  const runc13 =
    "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: " +
    `unable to start container process: unable to apply cgroup configuration: failed to write 77: openat2 /sys/fs/cgroup/k8s.io/${ID64}/cgroup.procs: no such file or directory`;

  test("runc 1.1 (open) and runc 1.3 (openat2) wording fall in the same class", () => {
    expect(classifyRuntimeError(runc11).class).toBe("cgroup-procs-enoent");
    expect(classifyRuntimeError(runc13).class).toBe("cgroup-procs-enoent");
    expect(classifyRuntimeError(runc13).layers.at(-1)).toBe(
      "failed to write <PID>: openat2 /sys/fs/cgroup/k8s.io/<ID>/cgroup.procs: no such file or directory",
    );
  });
  test("with and without the `: unknown` suffix: same class and layers", () => {
    const without = classifyRuntimeError(runc11);
    const withSuffix = classifyRuntimeError(`${runc11}: unknown`);
    expect(withSuffix.class).toBe(without.class);
    expect(withSuffix.layers).toEqual(without.layers);
    expect(withSuffix.normalised).toBe(`${without.normalised}: unknown`);
  });
  test("a quoted pid (runc's data write) and a pod uid in a cgroupfs path are normalised", () => {
    const n = normaliseRuntimeError(
      `failed to write "9318": write /sys/fs/cgroup/kubepods/besteffort/pod${UID}/${ID64}/cgroup.procs: invalid argument`,
    );
    expect(n).toBe(
      "failed to write <PID>: write /sys/fs/cgroup/kubepods/besteffort/pod<UID>/<ID>/cgroup.procs: invalid argument",
    );
  });
  test("a systemd slice uid with underscores is normalised", () => {
    expect(normaliseRuntimeError(`kubepods-besteffort-pod${UID.replaceAll("-", "_")}.slice`)).toBe(
      "kubepods-besteffort-pod<UID>.slice",
    );
  });
  test("mount missing, permission denied, other cgroup errors, image pull, success, unknown", () => {
    expect(classifyRuntimeError("cgroups: cgroup mountpoint does not exist: unknown").class).toBe(
      "cgroup-mount-missing",
    );
    expect(classifyRuntimeError("runc run failed: no cgroup mount found in mountinfo").class).toBe(
      "cgroup-mount-missing",
    );
    const eperm = classifyRuntimeError(
      "runc run failed: unable to start container process: unable to apply cgroup configuration: failed to write 6086: openat2 /sys/fs/cgroup/user.slice/cgroup.procs: operation not permitted",
    );
    expect(eperm.class).toBe("permission-denied");
    expect(isCgroupApplyFailure(eperm)).toBe(true);
    const threaded = classifyRuntimeError(
      'unable to apply cgroup configuration: cannot enter cgroupv2 "/sys/fs/cgroup/docker" with domain controllers -- it is in threaded mode: unknown',
    );
    expect(threaded.class).toBe("cgroup-other");
    expect(
      classifyRuntimeError(
        'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image "rancher/mirrored-pause:3.6": failed to pull image',
      ).class,
    ).toBe("image-pull-failed");
    expect(classifyRuntimeError("  \n ").class).toBe("success");
    const odd = classifyRuntimeError("exec format error");
    expect(odd).toEqual({
      class: "unknown",
      normalised: "exec format error",
      raw: "exec format error",
      layers: ["exec format error"],
    });
    expect(isCgroupApplyFailure(odd)).toBe(false);
  });
  test("ids inside longer words are left alone", () => {
    expect(normaliseRuntimeError(`x${ID64}`)).toBe(`x${ID64}`);
  });
});
