/**
 * The host's cgroup directories of one container (the runc baseline's cgroups are the host's): what is still
 * there after the container has gone is a leak worth naming; before, it is only the container's own.
 */
import { readdirSync, rmdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Directories under `root`'s hierarchies (`<root>/<controller>/...`, at most `depth` levels down) whose name
 * contains the container's full id: `docker/<id>` (cgroupfs driver) and `system.slice/docker-<id>.scope`
 * (systemd driver) alike.
 */
export function hostCgroupDirsOf(containerId: string, root = "/sys/fs/cgroup", depth = 3): string[] {
  const found: string[] = [];
  const walk = (dir: string, left: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // not a directory, or gone meanwhile
    }
    for (const name of names) {
      const p = path.join(dir, name);
      try {
        if (!statSync(p).isDirectory()) continue;
      } catch {
        continue;
      }
      if (name.includes(containerId)) found.push(p);
      else if (left > 1) walk(p, left - 1);
    }
  };
  walk(root, depth + 1);
  return found.sort();
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
