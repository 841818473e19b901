/**
 * Every directory the faker knows, as a tree: forgetting a removed cgroup closes the watchers of its whole
 * subtree in time proportional to that subtree, not to all known directories.
 */
import path from "node:path";
import type { ControlFile } from "./control-files.js";

/** Something to release when a directory is forgotten (an fs.watch handle). */
export interface Closable {
  close(): void;
}

/** A known directory: which hierarchy it belongs to and how changes in it are noticed. */
export interface KnownDir {
  path: string;
  controller: string;
  files: readonly ControlFile[];
  /** On a cgroupfs: watched to report new children as skipped, never written. */
  skipped: boolean;
  /** Noticed by polling (mode poll, or a watch that could not be added). */
  polled: boolean;
  watcher?: Closable;
  children: Set<string>;
}

/** Map of known directories keyed by path, with parent/child links. */
export class DirRegistry {
  private readonly dirs = new Map<string, KnownDir>();

  get size(): number {
    return this.dirs.size;
  }

  get(p: string): KnownDir | undefined {
    return this.dirs.get(p);
  }

  all(): KnownDir[] {
    return [...this.dirs.values()];
  }

  polled(): KnownDir[] {
    return this.all().filter((d) => d.polled);
  }

  watchCount(): number {
    let n = 0;
    for (const d of this.dirs.values()) if (d.watcher) n++;
    return n;
  }

  add(dir: KnownDir): void {
    this.dirs.set(dir.path, dir);
    this.dirs.get(path.dirname(dir.path))?.children.add(path.basename(dir.path));
  }

  /** Removes a directory and its descendants, closing their watchers; returns how many were forgotten. */
  forget(p: string): number {
    const dir = this.dirs.get(p);
    if (!dir) return 0;
    let n = 1;
    for (const child of dir.children) n += this.forget(path.join(p, child));
    closeQuietly(dir.watcher);
    this.dirs.delete(p);
    this.dirs.get(path.dirname(p))?.children.delete(path.basename(p));
    return n;
  }

  /** Closes every watcher and empties the registry. */
  clear(): void {
    for (const dir of this.dirs.values()) closeQuietly(dir.watcher);
    this.dirs.clear();
  }
}

function closeQuietly(watcher: Closable | undefined): void {
  try {
    watcher?.close();
  } catch {
    // a watch on a removed inode is already gone in the kernel
  }
}
