import { describe, expect, test } from "vitest";
import { parseBlockYaml } from "../../helpers/k3s/block-yaml.js";
import { redactKubeconfig, rewriteServer, validateKubeconfig } from "../../helpers/k3s/kubeconfig.js";

const pem = (what: string): string =>
  Buffer.from(`-----BEGIN ${what}-----\nnot-a-real-key\n-----END ${what}-----\n`).toString("base64");

/** The shape k3s v1.31 writes to /etc/rancher/k3s/k3s.yaml (keys replaced by fake PEM blocks). */
const K3S_YAML = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${pem("CERTIFICATE")}
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: ${pem("CERTIFICATE")}
    client-key-data: ${pem("EC PRIVATE KEY")}
`;

describe("block YAML reader", () => {
  test("reads k3s.yaml: lists at the key's indent, nested maps, {}", () => {
    expect(parseBlockYaml(K3S_YAML)).toMatchObject({
      apiVersion: "v1",
      kind: "Config",
      preferences: {},
      "current-context": "default",
      clusters: [{ name: "default", cluster: { server: "https://127.0.0.1:6443" } }],
      contexts: [{ name: "default", context: { cluster: "default", user: "default" } }],
      users: [{ name: "default", user: { "client-key-data": pem("EC PRIVATE KEY") } }],
    });
  });
  test("indented lists, quoted scalars, numbers, booleans, comments", () => {
    const doc = `# comment\na:\n  - "x: y"\n  - 'it''s'\n  - 3\nb: true\nc: ~\n`;
    expect(parseBlockYaml(doc)).toEqual({ a: ["x: y", "it's", 3], b: true, c: null });
  });
  test("refuses what it does not read, with the line", () => {
    expect(() => parseBlockYaml("a: &anchor 1\n")).toThrow(/line 1: unsupported YAML/);
    expect(() => parseBlockYaml("a: 1\n  b: 2\n")).toThrow(/line 2/);
  });
});

describe("k3s kubeconfig", () => {
  test("a real-shaped k3s.yaml is valid: one cluster, user and context", () => {
    expect(validateKubeconfig(K3S_YAML)).toEqual({
      ok: true,
      summary: {
        currentContext: "default",
        clusters: [{ name: "default", server: "https://127.0.0.1:6443" }],
        users: ["default"],
        contexts: [{ name: "default", cluster: "default", user: "default" }],
      },
    });
  });
  test("the server URL is rewritten to host:port, nothing else changes", () => {
    const out = rewriteServer(K3S_YAML, "10.0.0.5:16443");
    expect(out).toBe(K3S_YAML.replace("https://127.0.0.1:6443", "https://10.0.0.5:16443"));
    expect(validateKubeconfig(out)).toMatchObject({
      ok: true,
      summary: { clusters: [{ server: "https://10.0.0.5:16443" }] },
    });
    expect(() => rewriteServer(K3S_YAML, "no-port")).toThrow(/not host:port/);
    expect(() => rewriteServer("apiVersion: v1\n", "h:1")).toThrow(/no cluster server line/);
  });
  test("problems are named: missing user credentials, dangling context, wrong current-context", () => {
    const broken = K3S_YAML.replace(/client-key-data: .*\n/, "")
      .replace("    user: default\n", "    user: admin\n")
      .replace("current-context: default", "current-context: other");
    const result = validateKubeconfig(broken);
    expect(result).toEqual({
      ok: false,
      problems: [
        'user "default" has no client certificate and key, nor a token',
        'context "default" names unknown user "admin"',
        'current-context "other" is not one of the contexts',
      ],
    });
    expect(validateKubeconfig("")).toMatchObject({ ok: false, problems: ["not a YAML map"] });
  });
  test("redaction removes every key and certificate, keeps the structure", () => {
    const red = redactKubeconfig(K3S_YAML);
    expect(red).not.toContain(pem("EC PRIVATE KEY"));
    expect(red).toContain("    client-key-data: <redacted>\n");
    expect(red).toContain("    certificate-authority-data: <redacted>\n");
    expect(red).toContain("server: https://127.0.0.1:6443");
  });
});
