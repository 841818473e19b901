/**
 * The host's cgroup directories of one container (the runc baseline's cgroups are the host's): what is still
 * there after the container has gone is a leak worth naming; before, it is only the container's own.
 */
import { existsSync, readdirSync, rmdirSync } from "node:fs";
import path from "node:path";

/** Where Docker puts a container's cgroup under one hierarchy: cgroupfs driver, then systemd driver. */
export function dockerCgroupDirs(base: string, containerId: string): string[] {
  return [path.join(base, "docker", containerId), path.join(base, "system.slice", `docker-${containerId}.scope`)];
}

/** The container's directories that exist, in every controller's hierarchy (cgroup v1) and the unified one (v2). */
export function hostCgroupDirsOf(containerId: string, root = "/sys/fs/cgroup"): string[] {
  let controllers: string[] = [];
  try {
    controllers = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(root, e.name));
  } catch {
    return [];
  }
  return [root, ...controllers]
    .flatMap((base) => dockerCgroupDirs(base, containerId))
    .filter((d) => existsSync(d))
    .sort();
}

/** Every directory below `dir`, and `dir` itself, deepest first. */
function subtree(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
  return [...names.flatMap((n) => subtree(path.join(dir, n))), dir];
}

/**
 * Removes the container's host cgroup directories that no process holds (a stuck sandbox whose processes the
 * harness killed leaves them: the engine removes them only when it stops the container itself). Returns what
 * is still there.
 */
export function removeHostCgroupDirsSync(containerId: string, root = "/sys/fs/cgroup"): string[] {
  for (const dir of hostCgroupDirsOf(containerId, root)) {
    for (const d of subtree(dir)) {
      try {
        rmdirSync(d);
      } catch {
        // processes in it, or not empty on a plain filesystem: reported below
      }
    }
  }
  return hostCgroupDirsOf(containerId, root);
}
