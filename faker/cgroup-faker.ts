/**
 * CgroupFaker: writes control files into every new directory of the cgroup v1 hierarchies under a root, the
 * moment the directory appears, so that runc finds cgroup.procs. Never writes into a kernel cgroupfs unless
 * allowCgroupfs is set. Events: `ready` once watching, `created` per directory (filled, skipped or vanished),
 * `error` for non-fatal problems, `rescan` after each safety rescan.
 */
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { systemClock, type FakerClock } from "./clock.js";
import { filesFor, type FileOverrides } from "./control-files.js";
import { resolveControllers } from "./controllers.js";
import { DirRegistry } from "./dir-registry.js";
import type { ErrorEvent, FakerEvents } from "./events.js";
import { nodeCreateFile, type CreateFileFn } from "./fill-dir.js";
import { nodeStatfs, type StatfsFn } from "./fs-type.js";
import { PollLoop } from "./poll-tree.js";
import { DEFAULT_RESCAN, Rescanner, type RescanOptions } from "./rescan.js";
import { TreeFiller } from "./tree-filler.js";
import { nodeWatch, type WatchFn } from "./watch-tree.js";

/** Options of the faker; the injectable functions exist for tests (no real cgroupfs, overflow, ENOSPC). */
export interface FakerOptions {
  root?: string;
  controllers?: readonly string[];
  files?: FileOverrides;
  mode?: "inotify" | "poll";
  intervalMs?: number;
  rescan?: Partial<RescanOptions>;
  allowCgroupfs?: boolean;
  statfs?: StatfsFn;
  watch?: WatchFn;
  create?: CreateFileFn;
  clock?: FakerClock;
}

export class CgroupFaker extends EventEmitter<FakerEvents> {
  readonly root: string;
  readonly mode: "inotify" | "poll";
  private readonly registry = new DirRegistry();
  private readonly filler: TreeFiller;
  private readonly poll: PollLoop;
  private readonly rescanner: Rescanner;
  private started = false;
  private closed = false;

  constructor(private readonly options: FakerOptions = {}) {
    super();
    this.root = options.root ?? "/sys/fs/cgroup";
    this.mode = options.mode ?? "inotify";
    const statfs = options.statfs ?? nodeStatfs;
    if (!statfs) throw new Error("fs.statfsSync is missing (Node < 18.15): cannot tell a cgroupfs apart");
    const fillerOptions = { mode: this.mode, allowCgroupfs: options.allowCgroupfs ?? false, statfs };
    this.filler = new TreeFiller(
      this.registry,
      {
        ...fillerOptions,
        create: options.create ?? nodeCreateFile,
        clock: options.clock ?? systemClock,
        watch: options.watch ?? nodeWatch,
      },
      {
        created: (outcome) => this.closed || this.emit("created", outcome),
        error: (error) => this.reportError(error),
        eventSeen: () => this.rescanner.eventSeen(),
        suspectLoss: (trigger) => this.rescanner.requestSoon(trigger),
        polledAdded: () => this.started && this.poll.ensureRunning(),
      },
    );
    this.poll = new PollLoop(options.intervalMs ?? 500, this.registry, this.filler);
    this.rescanner = new Rescanner(
      { ...DEFAULT_RESCAN, ...options.rescan },
      {
        dirs: () => this.registry.all(),
        scan: (dir) => (this.registry.get(dir.path) === dir ? this.filler.scanDir(dir, "rescan", true) : 0),
        done: (event) => this.closed || this.emit("rescan", event),
      },
    );
  }

  /** Scans what exists, starts watching (or polling), emits `ready`; throws if there is nothing to watch. */
  start(): this {
    if (this.started || this.closed) return this;
    const controllers = resolveControllers(this.root, this.options.controllers);
    const polled = this.mode === "poll";
    for (const { name, dir } of controllers) {
      if (this.registry.get(dir)) continue; // named twice
      if (!existsSync(dir)) {
        const message = `controller directory ${dir} does not exist`;
        this.reportError({ event: "error", message, path: dir, code: "ENOENT", action: "skipped-controller" });
        continue;
      }
      this.filler.handleNew(dir, { controller: name, files: filesFor(name, this.options.files), polled }, "scan");
    }
    if (this.registry.size === 0) throw new Error(`none of the controller directories exist under ${this.root}`);
    this.started = true;
    if (this.registry.polled().length > 0) this.poll.ensureRunning();
    this.rescanner.start();
    const names = controllers.map((c) => c.name);
    this.emit("ready", { event: "ready", mode: this.mode, root: this.root, controllers: names, ...this.counts() });
    return this;
  }

  /** Directories known, inotify watches held, directories polled. */
  counts(): { dirs: number; watches: number; polled: number } {
    const polled = this.registry.polled().length;
    return { dirs: this.registry.size, watches: this.registry.watchCount(), polled };
  }

  /** Runs a full safety rescan now (the same path as an overflow); for tests and SIGHUP. */
  rescanNow(): void {
    this.rescanner.request("overflow");
  }

  /** Runs one poll pass now; for tests. */
  pollNow(): number {
    return this.poll.tick();
  }

  /** Stops every watcher and timer; safe to call any number of times. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.poll.close();
    this.rescanner.close();
    this.registry.clear();
  }

  private reportError(error: ErrorEvent): void {
    if (this.closed) return;
    // An unhandled "error" would throw and end the daemon: errors here are reports, never fatal.
    if (this.listenerCount("error") > 0) this.emit("error", error);
    else process.stderr.write(`${JSON.stringify(error)}\n`);
  }
}
