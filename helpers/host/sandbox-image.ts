/**
 * The sandbox images built from Dockerfile.gvisor, one per Debian suite. The tag carries a hash of every
 * build input, so an image is rebuilt exactly when its inputs change, and tests can name it without state.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { baseImageTag, imageExists } from "./base-image.js";
import { log, runWithProgress } from "./progress.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const INPUTS = ["Dockerfile.gvisor", ".dockerignore", "fixtures/image"];

function filesUnder(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs)
    .sort()
    .flatMap((name) => filesUnder(path.join(rel, name)));
}

/** Hash of the build inputs (paths and contents) and the suite. */
export function sandboxInputsHash(suite: string): string {
  const hash = createHash("sha256").update(`suite=${suite}\n`);
  for (const file of INPUTS.flatMap(filesUnder))
    hash.update(`${file}\n`).update(readFileSync(path.join(ROOT, file)));
  return hash.digest("hex").slice(0, 12);
}

export function sandboxImageTag(suite: string): string {
  return `gvisor-conformance/sandbox:${suite}-${sandboxInputsHash(suite)}`;
}

export async function imageId(tag: string): Promise<string> {
  return (await execa("docker", ["image", "inspect", "--format", "{{.Id}}", tag])).stdout.trim();
}

/** Builds the suite's image unless an image with the same inputs hash exists. */
export async function ensureSandboxImage(suite: string): Promise<string> {
  const tag = sandboxImageTag(suite);
  if (await imageExists(tag)) {
    log(`sandbox image ${tag} is up to date`);
    return tag;
  }
  const argv = ["docker", "build", "--force-rm", "-f", "Dockerfile.gvisor", "--build-arg", `SUITE=${suite}`];
  argv.push(
    "--build-arg",
    `BASE_IMAGE=${baseImageTag(suite)}`,
    "-t",
    tag,
    "-t",
    `gvisor-conformance/sandbox:${suite}`,
    ".",
  );
  await runWithProgress(
    argv,
    (l) =>
      /^(Step \d+\/\d+ : (FROM|RUN|COPY)|Setting up (containerd|runc|nodejs|strace|fuse3|bindfs)[: ]|Successfully|E:)/.test(
        l,
      ),
    {
      cwd: ROOT,
      env: { DOCKER_BUILDKIT: "0" },
    },
  );
  return tag;
}
