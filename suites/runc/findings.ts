/** Findings about runc inside the sandbox (research log, experiments 16 and 17). Data only. */
import { nativeWithoutFaker, withFaker } from "../../helpers/finding/applies-to.js";
import { defineFinding } from "../../helpers/finding/finding.js";

/** Trials per cell for the runc findings (GVC_RUNC_TRIALS overrides; the race finding uses its own). */
export const runcTrials = (): number => Number(process.env.GVC_RUNC_TRIALS ?? 5);

export const enoentWithoutFiles = defineFinding({
  id: "runc/enoent-without-files",
  claim:
    "Without control files runc MUST fail with `unable to apply cgroup configuration: failed to write <PID>: " +
    "open .../cgroup.procs: no such file or directory`.",
  source: { experiment: "16", section: "Context: the container runtime blocker (quoted in 17)" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "runc run of a busybox-static bundle with linux.cgroupsPath /k8s.io/<64-hex id>, 5 trials (GVC_RUNC_TRIALS), " +
    "no faker; each error classified (pid and id normalised). Holds when 90% of trials end in cgroup-procs-enoent.",
  appliesTo: withFaker("none"),
});

export const rejectsFakeFiles = defineFinding({
  id: "runc/rejects-fake-files",
  claim: "When faked control files are present, runc MUST fail with `... cgroup.procs: not a cgroup file`.",
  source: { experiment: "17", section: "Phase 4: Test Pod Creation with Real-Time Files" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "The oracle faker: the directory and a faker's files exist before runc starts (pre-created; kernel files " +
    "never written). runc run x5; one more trial under strace -f shows the path runc takes: openat2 (ENOSYS in " +
    "gVisor) then the fallback open + fstatfs, whose f_type decides. Holds when 90% end in not-a-cgroup-file.",
  appliesTo: withFaker("pre-created"),
});

export const blockedWithoutKernelCgroups = defineFinding({
  id: "runc/blocked-without-kernel-cgroups",
  claim: "runc MUST NOT be able to start a container inside the sandbox (the log's conclusion).",
  source: { experiment: "17", section: "Conclusions: Why Worker Nodes Cannot Execute Pods" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "runc run x5 (and runc create + start once) with no faker. Holds when no trial starts the container. The " +
    "native cgroupfs setup is the positive control that tells 'gVisor cannot' from 'this setup cannot'.",
  appliesTo: withFaker("none"),
});

/** A blocker of the log's project (shared/K3S-NOTES.md): measured where runc otherwise starts containers. */
export const cgroupNamespaceUnsupported = defineFinding({
  id: "runc/cgroup-namespace-unsupported",
  claim:
    "runc MUST fail to start a container whose spec asks for a cgroup namespace: the sandbox has none (the log's " +
    "project removed it from the spec).",
  source: {
    experiment: "25-31",
    section: "The pod, layer by layer (the log's project notes: shared/K3S-NOTES.md)",
  },
  dimensions: ["runtime", "release", "platform", "image"],
  method:
    "runc run of the busybox-static bundle once as it is (the control: does runc start a container here at " +
    "all?), then x5 (GVC_RUNC_TRIALS) with `{type: cgroup}` added to linux.namespaces, as containerd's CRI asks on " +
    "cgroup v2. Holds when the control starts and no trial with the namespace does; blocked when the control " +
    "does not start either.",
  appliesTo: nativeWithoutFaker("where runc otherwise starts containers"),
});

export const runcFindings = [
  enoentWithoutFiles,
  rejectsFakeFiles,
  blockedWithoutKernelCgroups,
  cgroupNamespaceUnsupported,
];
