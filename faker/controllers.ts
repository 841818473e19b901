/**
 * Which hierarchies to fake: the named controllers, or every subdirectory of the root (cgroup v1 layout:
 * /sys/fs/cgroup/<controller>). Symlinks such as cpu -> cpu,cpuacct are left out of the default: they alias
 * a directory that is already in the list.
 */
import { readdirSync, statfsSync } from "node:fs";
import { CGROUP2_MAGIC } from "./fs-type.js";
import path from "node:path";

/** A controller hierarchy to watch: its name (selects the file set) and its directory. */
export interface ControllerDir {
  name: string;
  dir: string;
}

/** Lists the controllers; throws when the root cannot be read or nothing is left to watch. */
export function resolveControllers(root: string, names: readonly string[] | undefined): ControllerDir[] {
  // cgroup v2: one hierarchy, the root itself, whose subdirectories are cgroups, not controllers.
  if (!names && isCgroup2(root)) return [{ name: "cgroup2", dir: root }];
  const found = names
    ? names.map((name) => ({ name, dir: path.join(root, name) }))
    : readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => ({ name: e.name, dir: path.join(root, e.name) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (found.length === 0) throw new Error(`no controller directories under ${root}`);
  return found;
}

function isCgroup2(dir: string): boolean {
  try {
    return statfsSync(dir).type === CGROUP2_MAGIC;
  } catch {
    return false;
  }
}
