/**
 * Safety rescans: Node cannot see inotify's IN_Q_OVERFLOW, so lost events are recovered by listing every known
 * directory again: periodically, after a burst of events has gone quiet, and at once when a watcher reports a
 * null filename or an error. Scans run in small chunks so that inotify events keep being served in between.
 */
import type { KnownDir } from "./dir-registry.js";
import type { RescanEvent } from "./events.js";

/** Timing of rescans (periodMs 0 disables the periodic one). */
export interface RescanOptions {
  periodMs: number;
  burstEvents: number;
  quietMs: number;
  chunk: number;
}

export const DEFAULT_RESCAN: RescanOptions = { periodMs: 5000, burstEvents: 512, quietMs: 100, chunk: 32 };

/** What a rescan works on: the directories, how to scan one (returns new dirs found), where to report. */
export interface RescanDeps {
  dirs(): KnownDir[];
  scan(dir: KnownDir): number;
  done(event: RescanEvent): void;
}

type Trigger = RescanEvent["trigger"];

/** Schedules full rescans and runs one at a time; a request during a scan runs right after it. */
export class Rescanner {
  private running = false;
  private pending: Trigger | undefined;
  private eventsSinceScan = 0;
  private periodic: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    private readonly opts: RescanOptions,
    private readonly deps: RescanDeps,
  ) {}

  start(): void {
    if (this.opts.periodMs > 0) this.periodic = setInterval(() => this.request("periodic"), this.opts.periodMs);
  }

  /** Counts an event; a burst schedules a rescan once events have been quiet for quietMs. */
  eventSeen(): void {
    if (++this.eventsSinceScan >= this.opts.burstEvents) this.requestSoon("burst");
  }

  /** A rescan after quietMs without further requests (debounced). */
  requestSoon(trigger: Trigger): void {
    if (this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.request(trigger), this.opts.quietMs);
  }

  request(trigger: Trigger): void {
    if (this.closed) return;
    if (this.running) this.pending ??= trigger;
    else this.run(trigger);
  }

  private run(trigger: Trigger): void {
    this.running = true;
    this.eventsSinceScan = 0;
    const dirs = this.deps.dirs();
    const t0 = performance.now();
    let index = 0;
    let found = 0;
    const step = (): void => {
      this.immediate = undefined;
      if (this.closed) return;
      for (const end = Math.min(index + this.opts.chunk, dirs.length); index < end; index++)
        found += this.deps.scan(dirs[index] as KnownDir);
      if (index < dirs.length) {
        this.immediate = setImmediate(step);
        return;
      }
      this.running = false;
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      this.deps.done({ event: "rescan", trigger, dirs: dirs.length, found, ms });
      const next = this.pending;
      this.pending = undefined;
      if (next) this.request(next);
    };
    step();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.periodic);
    clearTimeout(this.debounce);
    if (this.immediate) clearImmediate(this.immediate);
  }
}
