import { describe, expect, test } from "vitest";
import type { ExecRecord } from "../../helpers/finding/evidence.js";
import { currentCluster } from "../../helpers/k3s/host-probes.js";
import { podImagesFor } from "../../helpers/k3s/manifests.js";
import type { Runner } from "../../helpers/k3s/runner.js";
import { apply, crud, steps, type CheckEnv } from "../../suites/k3s/kubectl-steps.js";

/** A runner that answers kubectl argv from a table and remembers what ran. */
function fakeEnv(
  answer: (args: string[]) => Partial<ExecRecord>,
): CheckEnv & { ran: string[][]; recorded: string[] } {
  const ran: string[][] = [];
  const recorded: string[] = [];
  const exec: Runner["exec"] = async (_label, argv, options) => {
    ran.push([...argv]);
    const prefix = currentCluster().kubectl;
    const args = argv.slice(prefix.length);
    expect(argv.slice(0, prefix.length)).toEqual(prefix);
    if (options?.input !== undefined) expect(JSON.parse(options.input)).toMatchObject({ kind: "List" });
    return { argv: [...argv], exitCode: 0, stdout: "", stderr: "", durationMs: 1, ...answer(args) };
  };
  const runner: Runner = {
    exec,
    sh: async () => ({ argv: [], exitCode: 0, stdout: "", stderr: "", durationMs: 1 }),
  };
  return {
    run: runner,
    quiet: runner,
    record: (label) => void recorded.push(label),
    cluster: currentCluster(),
    images: podImagesFor({ kind: "unavailable", needs: "" }),
    ran,
    recorded,
  };
}

describe("kubectl step runner", () => {
  test("create/get/describe/delete all pass: holds, each deciding attempt recorded under the capability", async () => {
    const env = fakeEnv(() => ({}));
    const out = await steps(crud("configmap", "gvc-cm", { kind: "ConfigMap" }))(env, "configmaps");
    expect(out).toEqual({
      verdict: "holds",
      detail: "create configmap, get configmap, describe configmap, delete configmap",
    });
    expect(env.recorded).toEqual([
      "configmaps: create configmap",
      "configmaps: get configmap",
      "configmaps: describe configmap",
      "configmaps: delete configmap",
    ]);
    expect(env.ran[1]?.slice(currentCluster().kubectl.length)).toEqual([
      "get",
      "configmap",
      "gvc-cm",
      "-n",
      "gvc-probe",
    ]);
  });
  test("stops at the first failing step, with its first error line", async () => {
    const env = fakeEnv((args) =>
      args[0] === "get"
        ? { exitCode: 1, stderr: 'Error from server (NotFound): configmaps "gvc-cm" not found\n' }
        : {},
    );
    const out = await steps(crud("configmap", "gvc-cm", {}))(env, "configmaps");
    expect(out).toEqual({
      verdict: "does-not-hold",
      detail: 'get configmap: Error from server (NotFound): configmaps "gvc-cm" not found',
    });
    expect(env.ran).toHaveLength(2);
  });
  test("a step expected to fail (RBAC deny) must fail with the given text", async () => {
    const deny = {
      label: "delete as reader",
      args: ["delete", "configmap", "x"],
      fails: true,
      match: /forbidden/i,
    };
    const forbidden = fakeEnv(() => ({ exitCode: 1, stderr: "Error from server (Forbidden): ..." }));
    expect((await steps([deny])(forbidden, "rbac-deny")).verdict).toBe("holds");
    const allowed = fakeEnv(() => ({ exitCode: 0, stdout: 'configmap "x" deleted' }));
    expect((await steps([deny])(allowed, "rbac-deny")).verdict).toBe("does-not-hold");
  });
  test("apply sends the objects as a List on stdin", async () => {
    const env = fakeEnv(() => ({}));
    await steps([apply("create", { kind: "ConfigMap" }, { kind: "Role" })])(env, "x");
    expect(env.ran[0]?.slice(currentCluster().kubectl.length)).toEqual(["apply", "-f", "-"]);
  });
});
