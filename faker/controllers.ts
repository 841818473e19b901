/**
 * Which hierarchies to fake: the named controllers, or every subdirectory of the root (cgroup v1 layout:
 * /sys/fs/cgroup/<controller>). Symlinks such as cpu -> cpu,cpuacct are left out of the default: they alias
 * a directory that is already in the list.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

/** A controller hierarchy to watch: its name (selects the file set) and its directory. */
export interface ControllerDir {
  name: string;
  dir: string;
}

/** Lists the controllers; throws when the root cannot be read or nothing is left to watch. */
export function resolveControllers(root: string, names: readonly string[] | undefined): ControllerDir[] {
  const found = names
    ? names.map((name) => ({ name, dir: path.join(root, name) }))
    : readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => ({ name: e.name, dir: path.join(root, e.name) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (found.length === 0) throw new Error(`no controller directories under ${root}`);
  return found;
}
