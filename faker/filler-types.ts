/** The contracts of the faker's core (TreeFiller): what it is given, where it reports, what it inherits. */
import type { FakerClock } from "./clock.js";
import type { ControlFile } from "./control-files.js";
import type { DirOutcome, ErrorEvent, RescanEvent } from "./events.js";
import type { CreateFileFn } from "./fill-dir.js";
import type { StatfsFn } from "./fs-type.js";
import type { WatchFn } from "./watch-tree.js";

/** The injectable system calls and the choices that shape the filler's behaviour. */
export interface FillerOptions {
  mode: "inotify" | "poll";
  allowCgroupfs: boolean;
  statfs: StatfsFn;
  create: CreateFileFn;
  clock: FakerClock;
  watch: WatchFn;
}

/** Where the filler reports; implemented by CgroupFaker. */
export interface FillerSink {
  created(outcome: DirOutcome): void;
  error(error: ErrorEvent): void;
  /** An event was seen (bursts trigger a rescan) or events may have been lost (a rescan is due). */
  eventSeen(): void;
  suspectLoss(trigger: RescanEvent["trigger"]): void;
  /** A directory is polled: the poll loop must run. */
  polledAdded(): void;
}

/** Where a new directory came from: its hierarchy, files and whether its parent is polled. */
export interface Lineage {
  controller: string;
  files: readonly ControlFile[];
  polled: boolean;
}
