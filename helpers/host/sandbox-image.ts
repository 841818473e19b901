/**
 * The sandbox images built from Dockerfile.gvisor, one per Debian suite. The tag carries a hash of every
 * build input, so an image is rebuilt exactly when its inputs change, and tests can name it without state.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { imageRefFromDockerLoad, k3sBuildArgs, k3sBuildPlan, type K3sBuildPlan } from "../k3s/build-stage.js";
import { currentK3sTier } from "../k3s/host-probes.js";
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

/** How k3s gets into the image (helpers/k3s): none, a local image's /bin/k3s, a loaded tarball, or a binary. */
function k3sPlan(): K3sBuildPlan {
  return k3sBuildPlan(currentK3sTier().source);
}

/** Hash of the build inputs (paths and contents), the suite and the k3s source. */
export function sandboxInputsHash(suite: string): string {
  const hash = createHash("sha256").update(`suite=${suite}\n${k3sPlan().hashInput}\n`);
  for (const file of INPUTS.flatMap(filesUnder))
    hash.update(`${file}\n`).update(readFileSync(path.join(ROOT, file)));
  return hash.digest("hex").slice(0, 12);
}

export function sandboxImageTag(suite: string): string {
  return `gvisor-conformance/sandbox:${suite}-${sandboxInputsHash(suite)}`;
}

/** Runs the k3s plan's host steps (docker load, context files); returns the K3S_IMAGE build arg. */
async function prepareK3s(plan: K3sBuildPlan): Promise<string | null> {
  for (const f of plan.contextFiles) {
    mkdirSync(path.dirname(path.join(ROOT, f.to)), { recursive: true });
    copyFileSync(f.from, path.join(ROOT, f.to));
  }
  if (!plan.load) return plan.image;
  const [file, ...args] = plan.load as [string, ...string[]];
  const loaded = imageRefFromDockerLoad((await execa(file, args)).stdout);
  if (!loaded)
    throw new Error(`${plan.load.join(" ")} named no image: is it a docker save tarball of rancher/k3s?`);
  return loaded;
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
  const k3sImage = await prepareK3s(k3sPlan());
  const argv = ["docker", "build", "--force-rm", "-f", "Dockerfile.gvisor", "--build-arg", `SUITE=${suite}`];
  argv.push(
    "--build-arg",
    `BASE_IMAGE=${baseImageTag(suite)}`,
    ...k3sBuildArgs(k3sImage),
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
  await pruneOldImages(suite, tag);
  return tag;
}

/** Removes this suite's images built from older inputs, so that rebuilds do not pile up on disk. */
async function pruneOldImages(suite: string, keep: string): Promise<void> {
  const listed = await execa("docker", [
    "images",
    "gvisor-conformance/sandbox",
    "--format",
    "{{.Repository}}:{{.Tag}}",
  ]);
  const old = listed.stdout
    .split("\n")
    .filter((t) => t.startsWith(`gvisor-conformance/sandbox:${suite}-`) && t !== keep);
  if (old.length > 0) await execa("docker", ["rmi", ...old], { reject: false });
}
