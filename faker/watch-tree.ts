/**
 * Recursive inotify watching done by hand: one fs.watch per directory (fs.watch's `recursive` is not
 * available on Linux in Node 18). Node's watcher cannot report IN_Q_OVERFLOW (libuv drops the wd -1 event),
 * so the faker relies on rescans for that; a null filename or a watcher error also triggers one.
 */
import { watch } from "node:fs";
import type { Closable, KnownDir } from "./dir-registry.js";

/** Injectable fs.watch: calls onChange per event and onError on an asynchronous watcher error. */
export type WatchFn = (
  dir: string,
  onChange: (eventType: string, name: string | null) => void,
  onError: (error: Error) => void,
) => Closable;

export const nodeWatch: WatchFn = (dir, onChange, onError) => {
  const watcher = watch(dir, { persistent: true, encoding: "utf8" }, (eventType, name) =>
    onChange(eventType, name ?? null),
  );
  watcher.on("error", onError);
  return watcher;
};

/** What happened when a watch was requested for a directory. */
export type AttachResult =
  { kind: "watched" } | { kind: "gone" } | { kind: "failed"; code: string; message: string };

/** Callbacks of a watched directory. */
export interface WatchHandlers {
  /** A created, removed or renamed entry (`name` null when the platform does not say which). */
  entry(dir: KnownDir, name: string | null): void;
  /** The watcher failed after it was added: the directory must be polled from now on. */
  failed(dir: KnownDir, error: Error): void;
}

/** Adds an inotify watch on `dir`; ENOSPC (watch limit) and other failures are returned, never thrown. */
export function attachWatch(dir: KnownDir, watchFn: WatchFn, handlers: WatchHandlers): AttachResult {
  try {
    dir.watcher = watchFn(
      dir.path,
      (eventType, name) => {
        // "change" is IN_MODIFY/IN_ATTRIB on an entry: a write into a file, never a new cgroup.
        if (eventType === "rename" || name === null) handlers.entry(dir, name);
      },
      (error) => handlers.failed(dir, error),
    );
    return { kind: "watched" };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "gone" };
    return { kind: "failed", code, message: (error as Error).message };
  }
}
