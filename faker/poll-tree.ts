/**
 * Polling mode: every interval, each polled directory is listed and new subdirectories are filled. It is the
 * research log's first daemon (a 0.5 s loop) for comparison, and the fallback for subtrees that cannot be
 * watched (inotify watch limit reached).
 */
import type { DirRegistry } from "./dir-registry.js";
import type { TreeFiller } from "./tree-filler.js";

/** A fixed-rate loop over the registry's polled directories; started lazily, stopped by close(). */
export class PollLoop {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly registry: DirRegistry,
    private readonly filler: TreeFiller,
  ) {}

  /** Starts the loop unless it is running (called whenever a directory becomes polled). */
  ensureRunning(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  /** One pass: synchronous, so a pass never overlaps the next; returns how many new directories it found. */
  tick(): number {
    let found = 0;
    for (const dir of this.registry.polled()) {
      if (this.closed) break;
      if (this.registry.get(dir.path) === dir) found += this.filler.scanDir(dir, "poll", true);
    }
    return found;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
