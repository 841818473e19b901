/**
 * The live checks behind k3s/control-plane: one per capability of CONTROL_PLANE_CAPABILITIES, each a list of
 * kubectl steps (stopping at the first that fails) or a small custom check. Needs a running k3s.
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as m from "../../helpers/k3s/manifests.js";
import { firstLine, kubectl } from "../../helpers/k3s/runner.js";
import { CONTROL_PLANE_CAPABILITIES, type ControlPlaneCapability } from "./findings.js";
import type { CapabilityResult } from "./judge-k3s.js";
import { NS, apply, crud, steps, type Check, type CheckEnv, type Step } from "./kubectl-steps.js";

/** Upper bound of all checks together (helm jobs and CoreDNS may each wait minutes before failing). */
export const CONTROL_PLANE_BUDGET_MS = 660_000;

/** Why: a control-plane component is alive when its leader lease is held and its renew time moves. */
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
    const a = await kubectl(env.run, `${cap}: lease ${lease}`, args);
    await sleep(6_000);
    const b = await kubectl(env.run, `${cap}: lease ${lease}, 6 s later`, args);
    const holder = a.stdout.trim().split(" ")[0] ?? "";
    if (a.exitCode !== 0 || holder === "")
      return { verdict: "does-not-hold", detail: `no holder: ${firstLine(a)}` };
    if (b.stdout.trim() === a.stdout.trim())
      return { verdict: "does-not-hold", detail: "lease not renewed in 6 s" };
    return { verdict: "holds", detail: `held by ${holder}, renewed` };
  };

/** Why: the helm controller runs install/upgrade/delete jobs; each is seen by the ConfigMap the chart renders. */
const helmChart: Check = async (env, cap) => {
  const chart = await env.run.sh(`${cap}: build the probe chart`, m.CHART_SCRIPT);
  if (chart.exitCode !== 0) return { verdict: "blocked", detail: `chart not built: ${firstLine(chart)}` };
  const b64 = chart.stdout.trim();
  const value = (v: string): Step => ({
    label: `ConfigMap gvc-chart value ${v}`,
    args: ["get", "configmap", "gvc-chart", ...NS, "-o", "jsonpath={.data.value}"],
    match: new RegExp(`^${v}$`, "m"),
    retryForMs: 180_000,
  });
  return steps([
    apply("install HelmChart (value v1)", m.helmChart(b64, "v1")),
    value("v1"),
    apply("upgrade HelmChart (value v2)", m.helmChart(b64, "v2")),
    value("v2"),
    {
      label: "remove HelmChart",
      args: ["delete", "helmchart", "gvc-chart", "-n", "kube-system", "--timeout=120s"],
    },
    { ...value("gone"), label: "ConfigMap gvc-chart removed", match: /NotFound|not found/, fails: true },
  ])(env, cap);
};

const CHECKS: Record<ControlPlaneCapability, Check> = {
  "api-server": steps([
    { label: "GET /readyz?verbose", args: ["get", "--raw=/readyz?verbose"], match: /readyz check passed/ },
  ]),
  scheduler: leaseRenewed("kube-scheduler"),
  "controller-manager": leaseRenewed("kube-controller-manager"),
  coredns: steps([
    {
      label: "deployment/coredns Available",
      args: ["wait", "-n", "kube-system", "--for=condition=Available", "deployment/coredns", "--timeout=10s"],
      retryForMs: 120_000,
    },
  ]),
  deployments: steps([
    ...crud("deployment", "gvc-deploy", m.deployment()).slice(0, 3),
    {
      label: "its ReplicaSet",
      args: ["get", "rs", ...NS, "-l", "app=gvc-deploy", "-o", "name"],
      match: /replicaset/,
      retryForMs: 30_000,
    },
    ...crud("deployment", "gvc-deploy", m.deployment()).slice(3),
  ]),
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
  helmchart: helmChart,
};

/** Why: every capability gets its own verdict, in the finding's order, whatever the others did. */
export async function runControlPlaneChecks(env: CheckEnv): Promise<CapabilityResult[]> {
  const { run, quiet } = env;
  await kubectl(run, "create the probe namespace", ["apply", "-f", "-"], { input: m.toInput(m.namespace()) });
  const results: CapabilityResult[] = [];
  for (const { id } of CONTROL_PLANE_CAPABILITIES) {
    try {
      results.push({ id, ...(await CHECKS[id](env, id)) });
    } catch (e) {
      results.push({
        id,
        verdict: "blocked",
        detail: `check failed to run: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
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
