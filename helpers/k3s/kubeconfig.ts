/**
 * The kubeconfig k3s writes (/etc/rancher/k3s/k3s.yaml): point it at another host:port, check it names a
 * usable cluster/user/context, and redact its keys before it becomes evidence. No YAML dependency is declared
 * in this project (and @kubernetes/client-node is not installed), so this reads the block-style subset k3s
 * writes (maps, lists, plain or quoted scalars, `{}`) and edits the text line by line.
 */
import { parseBlockYaml } from "./block-yaml.js";

export const K3S_KUBECONFIG_PATH = "/etc/rancher/k3s/k3s.yaml";

export interface KubeconfigSummary {
  currentContext: string;
  clusters: { name: string; server: string }[];
  users: string[];
  contexts: { name: string; cluster: string; user: string }[];
}

/** Why: the host (or a port forward) reaches the API at another address than the 127.0.0.1:6443 k3s writes. */
export function rewriteServer(text: string, hostPort: string): string {
  if (!/^[\w.-]+:\d+$/.test(hostPort)) throw new Error(`"${hostPort}" is not host:port`);
  let count = 0;
  const out = text.replace(/^(\s+server:\s*["']?)(https?):\/\/[^/\s"']+/gm, (_m, head: string, scheme: string) => {
    count++;
    return `${head}${scheme}://${hostPort}`;
  });
  if (count === 0) throw new Error("kubeconfig has no cluster server line to rewrite");
  return out;
}

/** Why: evidence is stored in reports; client keys and tokens must not be. */
export function redactKubeconfig(text: string): string {
  return text.replace(/^(\s*[\w-]*(?:-data|token|password):\s*)\S.*$/gm, "$1<redacted>");
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Why: a kubeconfig that parses but names no usable context fails later with a confusing kubectl error. */
export function validateKubeconfig(
  text: string,
): { ok: true; summary: KubeconfigSummary } | { ok: false; problems: string[] } {
  let doc: unknown;
  try {
    doc = parseBlockYaml(text);
  } catch (e) {
    return { ok: false, problems: [`not readable: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!isObj(doc)) return { ok: false, problems: ["not a YAML map"] };
  const problems: string[] = [];
  const clusters = list(doc.clusters).map((c) => ({
    name: str(c.name),
    server: str(isObj(c.cluster) ? c.cluster.server : ""),
  }));
  const users = list(doc.users).map((u) => ({ name: str(u.name), user: isObj(u.user) ? u.user : {} }));
  const contexts = list(doc.contexts).map((c) => ({
    name: str(c.name),
    cluster: str(isObj(c.context) ? c.context.cluster : ""),
    user: str(isObj(c.context) ? c.context.user : ""),
  }));
  if (clusters.length === 0) problems.push("no clusters");
  for (const c of clusters)
    if (!/^https?:\/\//.test(c.server)) problems.push(`cluster "${c.name}" has no server URL`);
  if (users.length === 0) problems.push("no users");
  for (const u of users)
    if (!(("client-certificate-data" in u.user && "client-key-data" in u.user) || "token" in u.user))
      problems.push(`user "${u.name}" has no client certificate and key, nor a token`);
  if (contexts.length === 0) problems.push("no contexts");
  for (const c of contexts) {
    if (!clusters.some((k) => k.name === c.cluster))
      problems.push(`context "${c.name}" names unknown cluster "${c.cluster}"`);
    if (!users.some((u) => u.name === c.user)) problems.push(`context "${c.name}" names unknown user "${c.user}"`);
  }
  const currentContext = str(doc["current-context"]);
  if (!contexts.some((c) => c.name === currentContext))
    problems.push(`current-context "${currentContext}" is not one of the contexts`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, summary: { currentContext, clusters, users: users.map((u) => u.name), contexts } };
}
