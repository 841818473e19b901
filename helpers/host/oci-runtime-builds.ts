/**
 * Setup's step for the OCI runtimes no Debian package provides (fixtures/oci-runtimes.json, `cargo`): built on
 * the host, cached, and copied into the images' build context (fixtures/image/oci-runtimes/<name>), which
 * Dockerfile.gvisor links into /usr/local/bin. A failed build is one clear line, never a failed setup: the
 * runtime's findings are then blocked (`<name> is not installed in the image`).
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ociRuntimes, type OciRuntime } from "../env/oci-runtimes.js";
import { ensureCargoBuild } from "./cargo-build.js";
import { log } from "./progress.js";

export const IMAGE_RUNTIMES_DIR = path.resolve(import.meta.dirname, "../../fixtures/image/oci-runtimes");

export interface OciRuntimeBuildOutcome {
  name: string;
  /** `built`/`cached`: in the image context; `failed`: left out, with why. */
  status: "built" | "cached" | "failed";
  detail: string;
}

export async function ensureOciRuntimeBuilds(
  runtimes: readonly OciRuntime[] = ociRuntimes(),
  dir: string = IMAGE_RUNTIMES_DIR,
): Promise<OciRuntimeBuildOutcome[]> {
  mkdirSync(dir, { recursive: true });
  const outcomes: OciRuntimeBuildOutcome[] = [];
  const wanted = new Set<string>();
  for (const rt of runtimes) {
    if (rt.source.kind !== "cargo") continue;
    const target = path.join(dir, rt.name);
    try {
      const built = await ensureCargoBuild(rt.source, rt.name);
      copyFileSync(built.binary, target);
      chmodSync(target, 0o755);
      wanted.add(rt.name);
      outcomes.push({
        name: rt.name,
        status: built.cached ? "cached" : "built",
        detail: built.cached ? "from the cache" : `built in ${built.buildSeconds} s`,
      });
    } catch (error) {
      rmSync(target, { force: true });
      const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
      log(`${rt.name} left out of the images: ${first} (its findings will be blocked)`);
      outcomes.push({ name: rt.name, status: "failed", detail: first });
    }
  }
  // A runtime no longer listed (or whose build failed) must not linger in the image context.
  for (const name of readdirSync(dir)) if (!wanted.has(name)) rmSync(path.join(dir, name), { force: true });
  return outcomes;
}
