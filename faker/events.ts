/**
 * What the faker reports, one object per JSON line on stdout. The objects are printed as they are, so these
 * types are the log format (see faker/README.md).
 */

/** How a directory was found: an inotify event, the poll loop, the start scan or a safety rescan. */
export type Via = "inotify" | "poll" | "scan" | "rescan";

/** A directory got its control files (files = newly written, existing = already there). */
export interface FilledEvent {
  event: "filled";
  path: string;
  controller: string;
  via: Via;
  /** Origin of detectedUs/doneUs: the directory's ctime, or the moment it was detected. */
  clock: "ctime" | "detection";
  detectedUs: number;
  doneUs: number;
  /** doneUs - detectedUs, from the faker's own clock only: exact even when ctime is coarse (Linux: a jiffy). */
  fillUs: number;
  files: number;
  existing: number;
  /** `name:ERRNO` for files that could not be created (EPERM on a cgroupfs with --allow-cgroupfs). */
  failed?: string[];
}

/** A directory that is not written: a kernel cgroupfs, or a filesystem statfs could not identify. */
export interface SkippedEvent {
  event: "skipped";
  path: string;
  reason: "cgroupfs" | "fs-unknown";
  fsType?: string;
  code?: string;
}

/** A directory removed before or while it was being filled (ENOENT): logged, never fatal. */
export interface VanishedEvent {
  event: "vanished";
  path: string;
  files: number;
}

/** The per-directory outcome, emitted as the `created` event. */
export type DirOutcome = FilledEvent | SkippedEvent | VanishedEvent;

/** A non-fatal problem and what the faker did about it (`action`). */
export interface ErrorEvent {
  event: "error";
  message: string;
  path?: string;
  code?: string;
  action?: "poll-subtree" | "ignored" | "skipped-controller" | "exit";
}

/** Emitted once, after the start scan, when every hierarchy is watched (or polled). */
export interface ReadyEvent {
  event: "ready";
  mode: "inotify" | "poll";
  root: string;
  controllers: string[];
  dirs: number;
  watches: number;
  polled: number;
}

/** A safety rescan finished: what triggered it and how many directories it found that events had missed. */
export interface RescanEvent {
  event: "rescan";
  trigger: "periodic" | "burst" | "overflow" | "watch-error";
  dirs: number;
  found: number;
  ms: number;
}

/** Event map of the typed EventEmitter CgroupFaker. */
export interface FakerEvents {
  ready: [ReadyEvent];
  created: [DirOutcome];
  error: [ErrorEvent];
  rescan: [RescanEvent];
}
