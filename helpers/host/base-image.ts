/** The Debian base image of each suite: pulled when a registry answers, else built offline with debootstrap. */
import { execa } from "execa";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { aptInstall, commandExists, systemMirror } from "./debian.js";
import { log, runWithProgress } from "./progress.js";

export const baseImageTag = (suite: string): string => `gvisor-conformance/base:${suite}`;

export async function imageExists(tag: string): Promise<boolean> {
  return (await execa("docker", ["image", "inspect", tag], { reject: false })).exitCode === 0;
}

async function tryPull(suite: string): Promise<boolean> {
  const pulled = await execa("docker", ["pull", `debian:${suite}`], { reject: false, timeout: 120_000 });
  if (pulled.exitCode !== 0) {
    log(
      `no registry answered (docker pull debian:${suite}: ${pulled.stderr.split("\n")[0] ?? ""}); building offline`,
    );
    return false;
  }
  await execa("docker", ["tag", `debian:${suite}`, baseImageTag(suite)]);
  return true;
}

/** debootstrap --variant=minbase into a cache folder, then `docker import` it. */
async function debootstrapImport(suite: string): Promise<void> {
  if (!(await commandExists("debootstrap"))) await aptInstall(["debootstrap"]);
  const cache = process.env.GVC_CACHE_DIR ?? "/var/cache/gvisor-conformance";
  const rootfs = path.join(cache, `rootfs-${suite}`);
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  await runWithProgress(
    ["debootstrap", "--variant=minbase", suite, rootfs, systemMirror()],
    // The phases only, not debootstrap's line per package.
    (l) => /^I: (Retrieving Release|Validating Packages|Retrieving packages|Installing core|Base system)/.test(l),
  );
  await runWithProgress(
    ["sh", "-c", `tar -C '${rootfs}' -c . | docker import - '${baseImageTag(suite)}'`],
    () => false,
  );
  rmSync(rootfs, { recursive: true, force: true });
}

export async function ensureBaseImage(suite: string): Promise<void> {
  if (await imageExists(baseImageTag(suite))) return log(`base image ${baseImageTag(suite)} exists`);
  if (process.env.GVC_OFFLINE !== "1" && (await tryPull(suite))) return;
  await debootstrapImport(suite);
}
