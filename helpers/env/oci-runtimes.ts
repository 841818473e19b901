/**
 * The OCI runtimes measured inside the sandbox (fixtures/oci-runtimes.json): runc, the log's, and the ones it
 * names as alternatives. Imported, not read: findings are generated from this list when test files load, and a
 * repro bundle (one esbuild file in the sandbox) carries it inlined.
 */
import path from "node:path";
import raw from "../../fixtures/oci-runtimes.json" with { type: "json" };

export type OciRuntimeSource =
  | { kind: "debian"; package: string }
  | { kind: "cargo"; crate: string; version: string; noDefaultFeatures: boolean; features: string[] };

export interface OciRuntime {
  /** The binary's name inside the image, and the runtime's name in finding ids (`crun/...`). */
  name: string;
  source: OciRuntimeSource;
  why: string;
}

export const OCI_RUNTIMES_FILE = path.resolve(import.meta.dirname, "../../fixtures/oci-runtimes.json");

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Why: a malformed file is named with what is wrong, before any cell starts. */
export function parseOciRuntimes(raw: unknown, file = OCI_RUNTIMES_FILE): OciRuntime[] {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (!isObj(raw) || !Array.isArray(raw.runtimes)) return fail('expected an object with a "runtimes" list');
  return raw.runtimes.map((r: unknown, i: number): OciRuntime => {
    if (!isObj(r) || typeof r.name !== "string" || !/^[a-z][a-z0-9-]*$/.test(r.name))
      return fail(`runtimes[${i}]: expected a "name" in lower case (the binary's name)`);
    const s = r.source;
    if (isObj(s) && s.kind === "debian" && typeof s.package === "string")
      return { name: r.name, source: { kind: "debian", package: s.package }, why: String(r.why ?? "") };
    if (isObj(s) && s.kind === "cargo" && typeof s.crate === "string" && typeof s.version === "string")
      return {
        name: r.name,
        source: {
          kind: "cargo",
          crate: s.crate,
          version: s.version,
          noDefaultFeatures: s.noDefaultFeatures === true,
          features: Array.isArray(s.features) ? s.features.map(String) : [],
        },
        why: String(r.why ?? ""),
      };
    return fail(
      `runtimes[${i}] (${r.name}): "source" must be {kind: debian, package} or {kind: cargo, crate, version}`,
    );
  });
}

let cached: OciRuntime[] | undefined;

/** The runtimes of fixtures/oci-runtimes.json, runc among them. */
export function ociRuntimes(): OciRuntime[] {
  return (cached ??= parseOciRuntimes(raw));
}

/** The runtimes measured beside runc (runc's findings keep their own module and ids). */
export function runtimesBesideRunc(): OciRuntime[] {
  return ociRuntimes().filter((r) => r.name !== "runc");
}
