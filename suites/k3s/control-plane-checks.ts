/**
 * The live checks behind k3s/control-plane: one per capability of CONTROL_PLANE_CAPABILITIES, each a list of
 * kubectl steps (stopping at the first that fails) or a small custom check. Needs a running k3s.
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as m from "../../helpers/k3s/manifests.js";
import { mapSettled } from "../../helpers/sandbox/map-settled.js";
import { firstLine, kubectl } from "../../helpers/k3s/runner.js";
import { CONTROL_PLANE_CAPABILITIES, type ControlPlaneCapability } from "./findings.js";
import type { CapabilityResult } from "./judge-k3s.js";
import { NS, apply, crud, steps, type Check, type CheckEnv, type Step } from "./kubectl-steps.js";

/** Upper bound of all checks together (helm jobs and CoreDNS may each wait minutes before failing). */
export const CONTROL_PLANE_BUDGET_MS = 660_000;

/**
 * Why: a control-plane component is alive when its leader lease is held (within 60 s) and its renew time moves.
 */
const leaseRenewed =
  (lease: string): Check =>
  async (env, cap) => {
    const args = [
      "get",
      "lease",
      lease,
      "-n",
      "kube-system",
      "-o",
      "jsonpath={.spec.holderIdentity} {.spec.renewTime}",
    ];
    // A component that has not yet won its first election (a loaded host: seen under --cells all, 17 clusters)
    // gets 60 s to hold the lease before that counts as no holder.
    const deadline = Date.now() + 60_000;
    let a = await kubectl(env.run, `${cap}: lease ${lease}`, args);
    while ((a.exitCode !== 0 || (a.stdout.trim().split(" ")[0] ?? "") === "") && Date.now() < deadline) {
      await sleep(3_000);
      a = await kubectl(env.run, `${cap}: lease ${lease} (again)`, args);
    }
    await sleep(6_000);
    const b = await kubectl(env.run, `${cap}: lease ${lease}, 6 s later`, args);
    const holder = a.stdout.trim().split(" ")[0] ?? "";
    if (a.exitCode !== 0 || holder === "")
      return { verdict: "does-not-hold", detail: `no holder: ${firstLine(a)}` };
    if (b.stdout.trim() === a.stdout.trim())
      return { verdict: "does-not-hold", detail: "lease not renewed in 6 s" };
    return { verdict: "holds", detail: `held by ${holder}, renewed` };
  };

/** The first `<count> <object>: <message>` line of Failed events whose count is 2 or more, without the count. */
export function repeatedFailure(lines: string): string | null {
  for (const line of lines.split("\n")) {
    const m = /^(\d*) (.+)$/.exec(line.trim());
    if (m && Number(m[1] || "1") >= 2) return m[2] ?? null;
  }
  return null;
}

/**
 * Why: CoreDNS is Available within 2 minutes, or it is not; a pod sandbox that cannot be created (nested runc on
 * the baseline) will not be one later, nor a container the kubelet failed to start twice, so their events end the
 * wait at once, and are the detail.
 */
const corednsAvailable: Check = async (env, cap) => {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const wait = await kubectl(env.run, `${cap}: deployment/coredns Available`, [
      "wait",
      "-n",
      "kube-system",
      "--for=condition=Available",
      "deployment/coredns",
      "--timeout=10s",
    ]);
    if (wait.exitCode === 0) return { verdict: "holds", detail: "deployment/coredns Available" };
    // kube-system holds no other workload: its sandbox failures are CoreDNS's.
    const failed = await kubectl(env.run, `${cap}: FailedCreatePodSandBox in kube-system`, [
      "get",
      "events",
      "-n",
      "kube-system",
      "--field-selector=reason=FailedCreatePodSandBox",
      "-o",
      'jsonpath={range .items[*]}{.involvedObject.name}: {.message}{"\\n"}{end}',
    ]);
    const first = failed.exitCode === 0 ? failed.stdout.trim().split("\n")[0] : undefined;
    if (first)
      return { verdict: "does-not-hold", detail: `its pod sandbox was not created: ${first.slice(0, 400)}` };
    // A container the kubelet failed to start twice (cgroup v2's missing memory.low) will not start later either.
    const startFailed = await kubectl(env.run, `${cap}: Failed container starts in kube-system`, [
      "get",
      "events",
      "-n",
      "kube-system",
      "--field-selector=reason=Failed",
      "-o",
      'jsonpath={range .items[*]}{.count} {.involvedObject.name}: {.message}{"\\n"}{end}',
    ]);
    const repeated = startFailed.exitCode === 0 ? repeatedFailure(startFailed.stdout) : null;
    if (repeated)
      return {
        verdict: "does-not-hold",
        detail: `its container failed to start, twice: ${repeated.slice(0, 400)}`,
      };
    if (Date.now() > deadline)
      return { verdict: "does-not-hold", detail: `deployment/coredns Available: ${firstLine(wait)}` };
    await sleep(2_000);
  }
};

/** Why: the ConfigMap the probe chart renders shows which release (value) is installed, or that none is. */
const chartValue = (v: string): Step => ({
  label: `ConfigMap gvc-chart value ${v}`,
  args: ["get", "configmap", "gvc-chart", ...NS, "-o", "jsonpath={.data.value}"],
  match: new RegExp(`^${v}$`, "m"),
  retryForMs: 60_000,
});
const chartGone: Step = {
  ...chartValue("gone"),
  label: "ConfigMap gvc-chart removed",
  match: /NotFound|not found/,
  fails: true,
};

/** Why: the log's Helm claim, with the helm CLI against a chart packaged from fixtures/ in the sandbox. */
const helmCli: Check = async (env, cap) => {
  const { helm, chart, kind } = env.cluster;
  if (!helm || !chart)
    return { verdict: "blocked", detail: `no helm CLI in the sandbox image (the ${kind} source brings none)` };
  const tgz = "/tmp/gvc-chart-0.1.0.tgz";
  const release = ["gvc-chart", tgz, "-n", m.PROBE_NS];
  const sequence: ({ helm: string; args: string[] } | Step)[] = [
    { helm: "helm package the probe chart", args: ["package", chart, "-d", "/tmp"] },
    { helm: "helm install (value v1)", args: ["install", ...release, "--set", "value=v1"] },
    chartValue("v1"),
    { helm: "helm upgrade (value v2)", args: ["upgrade", ...release, "--set", "value=v2"] },
    chartValue("v2"),
    { helm: "helm uninstall", args: ["uninstall", "gvc-chart", "-n", m.PROBE_NS, "--wait"] },
    chartGone,
  ];
  for (const item of sequence) {
    if ("helm" in item) {
      const r = await env.run.exec(`${cap}: ${item.helm}`, [...helm, ...item.args], { timeoutMs: 120_000 });
      if (r.exitCode !== 0) return { verdict: "does-not-hold", detail: `${item.helm}: ${firstLine(r)}` };
    } else {
      const outcome = await steps([item])(env, cap);
      if (outcome.verdict !== "holds") return outcome;
    }
  }
  return {
    verdict: "holds",
    detail: "helm package, install (v1), upgrade (v2), uninstall: the chart's ConfigMap followed",
  };
};

/** Why: the helm controller runs install/upgrade/delete jobs; each is seen by the ConfigMap the chart renders. */
const helmChart: Check = async (env, cap) => {
  if (env.cluster.kind !== "k3s")
    return {
      verdict: "blocked",
      detail:
        "HelmChart objects are k3s' own (its helm controller, whose jobs need the klipper-helm image): the " +
        `${env.cluster.kind} source has no such controller, and no registry here serves that image`,
    };
  const chart = await env.run.sh(`${cap}: build the probe chart`, m.CHART_SCRIPT);
  if (chart.exitCode !== 0) return { verdict: "blocked", detail: `chart not built: ${firstLine(chart)}` };
  const b64 = chart.stdout.trim();
  const value = (v: string): Step => ({ ...chartValue(v), retryForMs: 180_000 });
  return steps([
    apply("install HelmChart (value v1)", m.helmChart(b64, "v1")),
    value("v1"),
    apply("upgrade HelmChart (value v2)", m.helmChart(b64, "v2")),
    value("v2"),
    {
      label: "remove HelmChart",
      args: ["delete", "helmchart", "gvc-chart", "-n", "kube-system", "--timeout=120s"],
    },
    { ...chartGone, retryForMs: 180_000 },
  ])(env, cap);
};

const deployments: Check = (env, cap) => {
  const object = m.deployment(env.images);
  return steps([
    ...crud("deployment", "gvc-deploy", object).slice(0, 3),
    {
      label: "its ReplicaSet",
      args: ["get", "rs", ...NS, "-l", "app=gvc-deploy", "-o", "name"],
      match: /replicaset/,
      retryForMs: 30_000,
    },
    ...crud("deployment", "gvc-deploy", object).slice(3),
  ])(env, cap);
};

const CHECKS: Record<ControlPlaneCapability, Check> = {
  "api-server": steps([
    { label: "GET /readyz?verbose", args: ["get", "--raw=/readyz?verbose"], match: /readyz check passed/ },
  ]),
  scheduler: leaseRenewed("kube-scheduler"),
  "controller-manager": leaseRenewed("kube-controller-manager"),
  coredns: corednsAvailable,
  deployments,
  services: steps(crud("service", "gvc-svc", m.service())),
  configmaps: steps(crud("configmap", "gvc-cm", m.configMap("gvc-cm"))),
  crds: steps([
    apply("create CRD", m.crd()),
    {
      label: "CRD Established",
      args: ["wait", "--for=condition=Established", `crd/${m.CRD_NAME}`, "--timeout=60s"],
    },
    { ...apply("create Widget", m.widget()), retryForMs: 20_000 },
    { label: "get Widget", args: ["get", "widgets", "gvc-widget", ...NS] },
    { label: "describe Widget", args: ["describe", "widgets", "gvc-widget", ...NS] },
    { label: "delete Widget", args: ["delete", "widgets", "gvc-widget", ...NS, "--timeout=60s"] },
    { label: "delete CRD", args: ["delete", "crd", m.CRD_NAME, "--timeout=60s"] },
  ]),
  "rbac-allow": steps([
    apply("create ServiceAccount, Role, RoleBinding, ConfigMap", ...m.rbac(), m.configMap("gvc-rbac")),
    {
      label: "list ConfigMaps as reader",
      args: ["get", "configmaps", ...NS, `--as=${m.READER_SA}`],
      retryForMs: 10_000,
    },
  ]),
  "rbac-deny": steps([
    {
      label: "delete ConfigMap as reader",
      args: ["delete", "configmap", "gvc-rbac", ...NS, `--as=${m.READER_SA}`],
      fails: true,
      match: /forbidden/i,
    },
  ]),
  "server-dry-run": steps([
    {
      ...apply("apply --dry-run=server", m.configMap("gvc-dry")),
      args: ["apply", "--dry-run=server", "-f", "-"],
      match: /server dry run/,
    },
    {
      label: "nothing created",
      args: ["get", "configmap", "gvc-dry", ...NS],
      fails: true,
      match: /NotFound|not found/,
    },
  ]),
  helm: helmCli,
  helmchart: helmChart,
};

/** Capabilities whose check needs another's objects: run after it, in the same sequence. */
const AFTER: Partial<Record<ControlPlaneCapability, ControlPlaneCapability>> = { "rbac-deny": "rbac-allow" };
/** Checks running at once against one cluster: most of a check's time is waiting (leases, rollouts). */
const CHECKS_AT_ONCE = 4;

/**
 * Why: every capability gets its own verdict, in the finding's order, whatever the others did. The checks run
 * side by side (a dependent one after the one it needs): the cluster lives, and costs, until the last is done.
 */
export async function runControlPlaneChecks(env: CheckEnv): Promise<CapabilityResult[]> {
  const { run, quiet } = env;
  await kubectl(run, "create the probe namespace", ["apply", "-f", "-"], { input: m.toInput(m.namespace()) });
  const check = async (id: ControlPlaneCapability): Promise<CapabilityResult> => {
    try {
      return { id, ...(await CHECKS[id](env, id)) };
    } catch (e) {
      return {
        id,
        verdict: "blocked",
        detail: `check failed to run: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  };
  const ids = CONTROL_PLANE_CAPABILITIES.map((c) => c.id);
  const sequences = ids
    .filter((id) => !AFTER[id])
    .map((id) => [id, ...ids.filter((other) => AFTER[other] === id)]);
  const done = new Map<ControlPlaneCapability, CapabilityResult>();
  await mapSettled(sequences, CHECKS_AT_ONCE, async (sequence) => {
    for (const id of sequence) done.set(id, await check(id));
  });
  const results = ids.flatMap((id) => done.get(id) ?? []);
  await kubectl(run, "delete the probe namespace", ["delete", "namespace", m.PROBE_NS, "--wait=false"]);
  await kubectl(quiet, "delete the probe CRD", [
    "delete",
    "crd",
    m.CRD_NAME,
    "--ignore-not-found",
    "--wait=false",
  ]);
  return results;
}
