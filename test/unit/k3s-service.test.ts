import { describe, expect, test } from "vitest";
import { serviceClientScript, SERVICE_DNS_NAME } from "../../helpers/k3s/manifests.js";
import {
  clientLayers,
  judgeServiceNetworking,
  podNetworkFailure,
  SERVICE_LAYERS,
  type ServiceLayer,
  type ServiceObservation,
} from "../../suites/k3s/judge-service.js";
import { cniError, kubeProxyError, readyAddresses } from "../../suites/k3s/service-experiment.js";

// Recorded on the go-branch snapshot of 2026-09-05 (bookworm, native cgroups), 2026-12-06.
const BRIDGE_HAIRPIN =
  'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "2983e4d7": ' +
  'plugin type="bridge" failed (add): failed to setup hairpin mode for veth8b60e99b: operation not supported';
const CGROUP_ENOENT =
  "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: failed to write 1: " +
  "open /sys/fs/cgroup/memory/k8s.io/abc/cgroup.procs: no such file or directory";
const KUBE_PROXY_LOG = `E1206 11:03:12.27 604 proxier.go:259] "Failed to create nfacct runner, nfacct based metrics won't be available" err="protocol not supported" ipFamily="IPv4"
I1206 11:03:12.375019     604 shared_informer.go:510] "Caches are synced" controller="endpoint slice config"
E1206 11:03:12.399274     604 proxier.go:697] "Failed to ensure chain jumps" err=<
	error appending rule: exit status 1: Warning: Extension conntrack revision 0 not supported, missing kernel module?
	Warning: Extension comment revision 0 not supported, missing kernel module?
	iptables: Invalid argument. Run \`dmesg' for more information.
 > ipFamily="IPv4" table="filter" srcChain="INPUT" dstChain="KUBE-EXTERNAL-SERVICES"
I1206 11:03:12.399382     604 proxier.go:660] "Sync failed" ipFamily="IPv4" retryingTime="30s"`;

const works = (id: ServiceLayer["id"], detail = "ok"): ServiceLayer => ({ id, outcome: "works", detail });
const allWork = SERVICE_LAYERS.map((l) => works(l.id));
const obs = (layers: ServiceLayer[], gate: Partial<ServiceObservation> = {}): ServiceObservation => ({
  clusterNotReady: null,
  podsDoNotRun: null,
  layers,
  ...gate,
});

describe("judgeServiceNetworking", () => {
  test("every layer works: the log's claim does not hold", () => {
    const r = judgeServiceNetworking(obs(allWork));
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toMatch(/^the Service answers with endpoints: pod network \(CNI add\): ok;/);
  });

  test("a failed layer: holds, naming the first and what was measured past it", () => {
    const r = judgeServiceNetworking(
      obs([
        { id: "pod-network", outcome: "fails", detail: BRIDGE_HAIRPIN },
        works("endpoints", "gvc-web-host has ready endpoints 10.42.0.1"),
        { id: "kube-proxy", outcome: "fails", detail: "Failed to ensure chain jumps: comment not supported" },
        { id: "clusterip-from-node", outcome: "fails", detail: "10.43.1.2: wget: download timed out" },
        { id: "clusterip-from-pod", outcome: "not-measured", detail: "no pod runs on the pod network" },
        { id: "dns", outcome: "not-measured", detail: "no pod runs on the pod network" },
      ]),
    );
    expect(r.verdict).toBe("holds");
    expect(r.summary).toMatch(/^stopped at pod network \(CNI add\): Failed to create pod sandbox/);
    expect(r.summary).toContain(
      "also measured: endpoints: gvc-web-host has ready endpoints 10.42.0.1; kube-proxy rules:",
    );
    expect(r.stats?.counts).toEqual({ works: 1, fails: 3, "not-measured": 2 });
  });

  test("no layer failed but some were not asked: blocked, never a pass", () => {
    const layers = allWork.slice(0, 4).concat(clientLayers(null, "gvc-client printed no answer (Failed)"));
    const r = judgeServiceNetworking(obs(layers));
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toContain("ClusterIP from a second pod, DNS name through CoreDNS could not be measured");
  });

  test("no layers at all (the experiment never ran them): blocked", () => {
    expect(judgeServiceNetworking(obs([])).verdict).toBe("blocked");
  });

  test("a cluster that was not ready, or a cell where no pod runs: blocked with the reason", () => {
    expect(judgeServiceNetworking(obs([], { clusterNotReady: "the cluster was not ready: it ended" }))).toEqual({
      verdict: "blocked",
      summary: "the cluster was not ready: it ended",
    });
    const r = judgeServiceNetworking(
      obs(allWork, { podsDoNotRun: "FailedCreatePodSandBox: cgroup-v2-device-bpf" }),
    );
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toContain("no pod runs in this cell, on any network: FailedCreatePodSandBox");
  });
});

describe("the second pod's answers", () => {
  test("both answered", () => {
    const log =
      "clusterip ok gvc-answer-from-gvc-web\ndns ok Server: 10.43.0.10 Address: 10.43.0.10:53 Name: x Address: 10.43.5.6\n";
    expect(clientLayers(log, "unused").map((l) => [l.id, l.outcome])).toEqual([
      ["clusterip-from-pod", "works"],
      ["dns", "works"],
    ]);
    expect(clientLayers(log, "unused")[0]?.detail).toBe("answered: gvc-answer-from-gvc-web");
  });

  test("a failed question is a failed layer with what the pod printed", () => {
    const [ip, dns] = clientLayers(
      "clusterip failed wget: download timed out\ndns failed ;; connection timed out\n",
      "x",
    );
    expect(ip).toEqual({
      id: "clusterip-from-pod",
      outcome: "fails",
      detail: "no answer: wget: download timed out",
    });
    expect(dns?.outcome).toBe("fails");
  });

  test("no log, or a log without the lines: not measured, with the reason given", () => {
    expect(clientLayers(null, "no pod runs on the pod network").every((l) => l.outcome === "not-measured")).toBe(
      true,
    );
    expect(clientLayers("something else", "why")[1]).toEqual({
      id: "dns",
      outcome: "not-measured",
      detail: "why",
    });
  });

  test("its script asks the ClusterIP and the Service's name, and prints one line each", () => {
    const script = serviceClientScript("10.43.9.9", 20);
    expect(script).toContain("timeout 5 /bin/busybox wget -q -O - http://10.43.9.9/");
    expect(script).not.toContain("-T ");
    expect(script).toContain(`nslookup ${SERVICE_DNS_NAME}`);
    expect(script).toMatch(/echo "clusterip failed/);
    expect(script).toMatch(/echo "dns failed/);
  });
});

describe("the evidence readers", () => {
  test("a CNI add failure is the pod network's; a cgroup failure is not", () => {
    expect(podNetworkFailure(BRIDGE_HAIRPIN)).toBe(true);
    expect(
      podNetworkFailure(
        'failed to setup network for sandbox "eb58": plugin type="ptp" failed (add): failed to add route {Ifindex: 2 Dst: 10.42.1.1/32}: operation not supported',
      ),
    ).toBe(true);
    expect(podNetworkFailure(CGROUP_ENOENT)).toBe(false);
  });

  test("a CNI failure without the CRI's wrapping", () => {
    expect(cniError(BRIDGE_HAIRPIN)).toBe(
      'plugin type="bridge" failed (add): failed to setup hairpin mode for veth8b60e99b: operation not supported',
    );
    expect(cniError("cni config uninitialized")).toBe("cni config uninitialized");
  });

  test("kube-proxy's failed sync in one line, with what iptables refused", () => {
    expect(kubeProxyError(KUBE_PROXY_LOG)).toBe(
      'proxier.go:697] "Failed to ensure chain jumps": error appending rule: exit status 1: Warning: Extension ' +
        "conntrack revision 0 not supported, missing kernel module? Warning: Extension comment revision 0 not " +
        "supported, missing kernel module? iptables: Invalid argument. Run `dmesg' for more information.",
    );
    expect(kubeProxyError('I1206 11:03:12.27 604 config.go:309] "Starting node config controller"')).toBeNull();
    // Recorded on 20250505: the IPv6 sync failed last; the IPv4 one is what the ClusterIP met.
    const ipv6Last = `${KUBE_PROXY_LOG}
E1206 11:03:12.412058     604 proxier.go:697] "Failed to ensure chain jumps" err=<
	error checking rule: exit status 2: Warning: Extension conntrack is not supported, missing kernel module?
	ip6tables v1.8.9 (legacy): Couldn't load match \`conntrack':No such file or directory
 > ipFamily="IPv6" table="filter" srcChain="INPUT" dstChain="KUBE-EXTERNAL-SERVICES"`;
    expect(kubeProxyError(ipv6Last)).toBe(kubeProxyError(KUBE_PROXY_LOG));
    expect(kubeProxyError(ipv6Last.replaceAll('ipFamily="IPv4"', 'ipFamily="IPv6"'))).toMatch(/ip6tables/);
  });

  test("ready endpoint addresses from kubectl's EndpointSlice list", () => {
    const json = {
      items: [
        {
          endpoints: [
            { addresses: ["10.42.0.5"], conditions: { ready: true } },
            { addresses: ["10.42.0.6"], conditions: { ready: false } },
          ],
        },
        { endpoints: null },
      ],
    };
    expect(readyAddresses(json)).toEqual(["10.42.0.5"]);
    expect(readyAddresses(null)).toEqual([]);
  });
});
