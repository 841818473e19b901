/**
 * The faker's core, shared by the inotify and poll modes: a directory not seen before is checked (statfs),
 * filled (cgroup.procs first), registered, watched or polled, and only then scanned for children that were
 * created before its watch existed (`mkdir -p` of nested cgroups races the watch).
 */
import { existsSync, readdirSync, type Dirent } from "node:fs";
import path from "node:path";
import type { DirRegistry, KnownDir } from "./dir-registry.js";
import type { Via } from "./events.js";
import { fillDir } from "./fill-dir.js";
import type { FillerOptions, FillerSink, Lineage } from "./filler-types.js";
import { judgeFs } from "./fs-type.js";
import { filledEvent, skippedEvent } from "./outcomes.js";
import { attachWatch } from "./watch-tree.js";

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
}

export class TreeFiller {
  /** Set after a watch failed (ENOSPC): new directories are polled until a watch is released. */
  private watchesExhausted = false;

  constructor(
    private readonly registry: DirRegistry,
    private readonly opts: FillerOptions,
    private readonly sink: FillerSink,
  ) {}

  /** Handles a directory not known yet; returns how many directories (it and descendants) were registered. */
  handleNew(p: string, from: Lineage, via: Via): number {
    const detectUs = this.opts.clock.nowUs();
    const verdict = judgeFs(p, this.opts.statfs);
    if (verdict.kind === "gone") return 0;
    const ctimeUs = this.opts.clock.ctimeUs(p);
    const skipped = verdict.kind === "unknown" || (verdict.kind === "cgroupfs" && !this.opts.allowCgroupfs);
    const fill = skipped ? undefined : fillDir(p, from.files, this.opts.create);
    const doneUs = this.opts.clock.nowUs();
    if (fill?.kind === "not-dir") return 0;
    if (fill?.kind === "vanished") {
      this.sink.created({ event: "vanished", path: p, files: fill.written });
      return 0;
    }
    const { controller, files, polled } = from;
    const dir: KnownDir = { path: p, controller, files, polled, skipped, children: new Set() };
    this.registry.add(dir);
    const outcome = fill ? filledEvent(dir, via, { detectUs, ctimeUs, doneUs }, fill) : skippedEvent(p, verdict);
    if (outcome) this.sink.created(outcome);
    this.track(dir);
    return this.registry.get(p) === dir ? 1 + this.scanDir(dir, via, false) : 1;
  }

  /** Watches the directory, or marks it polled (poll mode, polled parent, or a failed watch). */
  private track(dir: KnownDir): void {
    if (this.opts.mode === "poll" || dir.polled || this.watchesExhausted) {
      dir.polled = true;
      this.sink.polledAdded();
      return;
    }
    const result = attachWatch(dir, this.opts.watch, {
      entry: (d, name) => this.onEntry(d, name),
      failed: (d, error) => this.onWatchFailed(d, error),
    });
    if (result.kind === "gone") this.forget(dir.path);
    if (result.kind !== "failed") return;
    this.watchesExhausted = result.code === "ENOSPC";
    const message = `cannot watch (${result.message}): polling this subtree`;
    this.sink.error({ event: "error", message, path: dir.path, code: result.code, action: "poll-subtree" });
    dir.polled = true;
    this.sink.polledAdded();
  }

  private onWatchFailed(dir: KnownDir, error: Error): void {
    if (this.registry.get(dir.path) !== dir) return;
    dir.watcher?.close();
    delete dir.watcher;
    dir.polled = true;
    const code = errno(error);
    this.sink.error({ event: "error", message: error.message, path: dir.path, code, action: "poll-subtree" });
    this.sink.polledAdded();
    this.sink.suspectLoss("watch-error");
  }

  /** An inotify event for an entry of a watched directory. */
  onEntry(dir: KnownDir, name: string | null): void {
    this.sink.eventSeen();
    if (name === null) return this.sink.suspectLoss("overflow");
    if (this.registry.get(dir.path) !== dir || dir.files.some((f) => f.name === name)) return;
    const p = path.join(dir.path, name);
    const known = this.registry.get(p);
    if (!known) {
      this.handleNew(p, dir, "inotify");
      return;
    }
    // A known name changed: removed, or removed and created again (then its first control file is missing).
    if (!existsSync(p)) this.forget(p);
    else if (!known.skipped && known.files[0] && !existsSync(path.join(p, known.files[0].name))) {
      this.forget(p);
      this.handleNew(p, known, "inotify");
    }
  }

  /** Lists a known directory: new subdirectories are handled, vanished ones forgotten; returns how many new. */
  scanDir(dir: KnownDir, via: Via, refill: boolean): number {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.path, { withFileTypes: true });
    } catch (error) {
      const code = errno(error);
      if (code === "ENOENT" || code === "ENOTDIR") this.forget(dir.path);
      else this.sink.error({ event: "error", message: String(error), path: dir.path, code, action: "ignored" });
      return 0;
    }
    let found = 0;
    const present = new Set<string>();
    for (const entry of entries) {
      present.add(entry.name);
      const p = path.join(dir.path, entry.name);
      if (entry.isDirectory() && !this.registry.get(p)) found += this.handleNew(p, dir, via);
    }
    for (const child of [...dir.children]) if (!present.has(child)) this.forget(path.join(dir.path, child));
    const first = dir.files[0];
    if (refill && !dir.skipped && first && !present.has(first.name) && this.registry.get(dir.path) === dir) {
      this.forget(dir.path); // its control files were removed, or it was removed and created again
      found += this.handleNew(dir.path, dir, via);
    }
    return found;
  }

  private forget(p: string): void {
    if (this.registry.forget(p) > 0) this.watchesExhausted = false;
  }
}
