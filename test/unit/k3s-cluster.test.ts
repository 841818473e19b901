import { describe, expect, test } from "vitest";
import { K3S_IN_SANDBOX, K3S_POD_IMAGES_IN_SANDBOX } from "../../helpers/k3s/build-stage.js";
import { parseNodes, parsePodState, parsePods } from "../../helpers/k3s/cluster-observe.js";
import { firstLine, shellQuote } from "../../helpers/k3s/runner.js";
import {
  clusterCommands,
  K3S_LOG,
  KUBERNETES_IN_SANDBOX,
  NO_CLUSTER_EXIT,
  runningTest,
  stopScript,
} from "../../helpers/k3s/cluster-commands.js";
import { execFileSync, spawn } from "node:child_process";
import { kubernetesSource } from "../../helpers/k3s/k3s-source.js";
import { KUBERNETES_BUILD } from "./fixtures/kubernetes-build-info.js";
import { K3S_TIMING_DEFAULTS, k3sTimings } from "../../helpers/k3s/timings.js";

const cond = (type: string, status: string) => ({ type, status });

describe("cluster observations (kubectl JSON)", () => {
  test("nodes: registered but NotReady (no CNI), as in the log", () => {
    const json = { items: [{ metadata: { name: "runsc" }, status: { conditions: [cond("Ready", "False")] } }] };
    expect(parseNodes(json)).toEqual([{ name: "runsc", ready: false }]);
  });
  test("pods: namespace, name and Ready", () => {
    const json = {
      items: [
        {
          metadata: { name: "coredns-1", namespace: "kube-system" },
          status: { conditions: [cond("Ready", "True")] },
        },
        { metadata: { name: "helm-install-x", namespace: "kube-system" }, status: {} },
      ],
    };
    expect(parsePods(json)).toEqual([
      { namespace: "kube-system", name: "coredns-1", ready: true },
      { namespace: "kube-system", name: "helm-install-x", ready: false },
    ]);
    expect(parsePods(null)).toEqual([]);
  });
  test("one pod: scheduled and ContainerCreating", () => {
    const pod = {
      status: {
        phase: "Pending",
        conditions: [cond("PodScheduled", "True")],
        containerStatuses: [{ state: { waiting: { reason: "ContainerCreating" } } }],
      },
    };
    expect(parsePodState(pod)).toEqual({ phase: "Pending", scheduled: true, waiting: ["ContainerCreating"] });
    expect(parsePodState(null)).toEqual({ phase: "", scheduled: false, waiting: [] });
  });
});

describe("running k3s in the sandbox (scripts only)", () => {
  test("shell quoting keeps every argument as it is", () => {
    expect(shellQuote(["a", "--x=1,2", "it's", "", "$HOME"])).toBe(`a --x=1,2 'it'\\''s' '' '$HOME'`);
  });
  test("the start script checks the binary, preloads pod images, starts detached and prints the pid", () => {
    const k3s = clusterCommands({ kind: "binary", binary: "/k3s", version: "v1", podImages: null, detail: "" });
    expect(k3s.kind).toBe("k3s");
    const script = k3s.startScript("with-agent");
    expect(script).toContain(`test -x ${K3S_IN_SANDBOX} ||`);
    expect(script).toContain(`cp ${K3S_POD_IMAGES_IN_SANDBOX}/* /var/lib/rancher/k3s/agent/images/`);
    expect(script).toContain(`setsid ${K3S_IN_SANDBOX} server `);
    expect(script).toContain("--kubelet-arg=enforce-node-allocatable=");
    expect(script).toContain(`>${K3S_LOG} 2>&1 </dev/null &`);
    expect(script.split("\n").at(-1)).toBe("echo $!");
    expect(k3s.argv("with-agent")).not.toContain("--disable=coredns");
    expect(k3s.argv("with-agent", false)).toContain("--disable=coredns");
  });
  test("the kubernetes source: our supervisor with the mode and node, kubectl and helm with its kubeconfig", () => {
    const k8s = clusterCommands(kubernetesSource(KUBERNETES_BUILD));
    expect(k8s.kind).toBe("kubernetes");
    const script = k8s.startScript("control-plane");
    expect(script).toContain(`test -x ${KUBERNETES_IN_SANDBOX.binary} ||`);
    expect(script).toContain(`exit ${NO_CLUSTER_EXIT}`);
    expect(script).toContain(`setsid ${KUBERNETES_IN_SANDBOX.start} control-plane runsc coredns >`);
    // A cell that runs only the pod experiment gets no addons.
    expect(k8s.startScript("with-agent", false)).toContain(
      `${KUBERNETES_IN_SANDBOX.start} with-agent runsc no-addons >`,
    );
    expect(k8s.kubectl).toEqual([
      KUBERNETES_IN_SANDBOX.binary,
      "kubectl",
      `--kubeconfig=${KUBERNETES_IN_SANDBOX.kubeconfig}`,
    ]);
    expect(k8s.helm?.[1]).toBe(`--kubeconfig=${KUBERNETES_IN_SANDBOX.kubeconfig}`);
    expect(k8s.logTailScript(5)).toContain("tail -n 5");
  });
  test("the stop script ends the process group and removes the cgroups left behind", () => {
    const script = stopScript(4242);
    expect(script).toContain("kill -TERM -4242");
    expect(script).toContain("kill -KILL -4242");
    expect(script).not.toMatch(/kill -\w+ -- /); // dash's kill takes no `--`
    expect(script).toContain("-exec rmdir {}");
  });
  test("a server that exited is not running, even as a zombie nobody reaps (the sandbox's init)", async () => {
    const sh = (script: string) => {
      try {
        execFileSync("sh", ["-c", script]);
        return true;
      } catch {
        return false;
      }
    };
    expect(sh(runningTest(process.pid))).toBe(true);
    expect(sh(runningTest(2 ** 22 + 1))).toBe(false);
    // `sleep 1` ends after its parent has exec'd into `sleep 10`, which never waits for it: a zombie. (A child that
    // ended before the exec could be reaped by sh itself, as under load it was: hence the second, and the wait for
    // the zombie state rather than a fixed delay.)
    const parent = spawn("sh", ["-c", "sleep 1 & echo $!; exec sleep 10"]);
    const zombie = Number(
      await new Promise<string>((resolve) => parent.stdout.once("data", (d) => resolve(String(d)))),
    );
    for (let i = 0; i < 100 && !sh(`grep -q '^[0-9]* ([^)]*) Z' /proc/${zombie}/stat`); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sh(`kill -0 ${zombie}`)).toBe(true);
    expect(sh(runningTest(zombie))).toBe(false);
    parent.kill();
  }, 15_000);
  test("the stop script's kill lines end a whole process group under dash (the image's sh)", async () => {
    const group = spawn("setsid", ["sh", "-c", "sleep 30 & sleep 30 & wait"], { stdio: "ignore" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pid = group.pid ?? 0;
    // Members still running (a killed one may stay a zombie until its new parent reaps it).
    const members = () =>
      execFileSync("sh", ["-c", `ps -eo pgid=,stat=,pid= | awk '$1 == ${pid} && $2 !~ /^Z/ {print $3}'`])
        .toString()
        .trim();
    expect(members()).not.toBe("");
    const killLines = stopScript(pid)
      .split("\n")
      .filter((l) => l.startsWith("kill "));
    execFileSync("dash", ["-c", killLines.join("\n")]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(members()).toBe("");
  });
  test("the ended script names why, once the server is gone", () => {
    const k8s = clusterCommands(kubernetesSource(KUBERNETES_BUILD));
    expect(k8s.endedScript(7)).toContain(`${KUBERNETES_IN_SANDBOX.logs}/ended`);
    expect(clusterCommands({ kind: "unavailable", needs: "" }).endedScript(7)).toContain("k3s exited");
  });
  test("first line of a record for one-line details", () => {
    const rec = {
      argv: [],
      exitCode: 1,
      stdout: "",
      stderr: "\nError from server (NotFound): x\nmore",
      durationMs: 1,
    };
    expect(firstLine(rec)).toBe("Error from server (NotFound): x");
    expect(firstLine({ ...rec, stderr: "" })).toBe("exit 1");
  });
});

describe("k3s timings", () => {
  test("defaults: 30 s of watching in a default run", () => {
    expect(K3S_TIMING_DEFAULTS.stableSeconds).toBe(30);
    expect(k3sTimings({})).toEqual({
      readyDeadlineMs: 180_000,
      stableMs: 30_000,
      sampleIntervalMs: 5_000,
      podDeadlineMs: 120_000,
    });
  });
  test("the log's 15 minutes on request; short watches sample more often; bad values refused", () => {
    expect(k3sTimings({ GVC_K3S_STABLE_SECONDS: "900" }).stableMs).toBe(900_000);
    expect(k3sTimings({ GVC_K3S_STABLE_SECONDS: "12" }).sampleIntervalMs).toBe(2_000);
    expect(() => k3sTimings({ GVC_K3S_READY_SECONDS: "2m" })).toThrow(
      "GVC_K3S_READY_SECONDS=2m is not a whole number",
    );
    expect(() => k3sTimings({ GVC_K3S_POD_SECONDS: "0" })).toThrow(/GVC_K3S_POD_SECONDS=0/);
  });
});
