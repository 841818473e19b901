/** The per-directory JSON objects (filled, skipped), built from what the filler measured. */
import { originFor } from "./clock.js";
import type { KnownDir } from "./dir-registry.js";
import type { FilledEvent, SkippedEvent, Via } from "./events.js";
import type { FillResult } from "./fill-dir.js";
import { hexType, type FsVerdict } from "./fs-type.js";

/** Wall-clock µs of one directory's handling: detection, its ctime (if readable) and the end of the fill. */
export interface FillTimes {
  detectUs: number;
  ctimeUs: number | undefined;
  doneUs: number;
}

/** The `filled` line: times relative to the directory's ctime when usable, else to its detection. */
export function filledEvent(
  dir: KnownDir,
  via: Via,
  times: FillTimes,
  fill: Extract<FillResult, { kind: "filled" }>,
): FilledEvent {
  const { clock, originUs } = originFor(times.detectUs, times.ctimeUs);
  const us = (t: number) => Math.max(0, Math.round(t - originUs));
  return {
    event: "filled",
    path: dir.path,
    controller: dir.controller,
    via,
    clock,
    detectedUs: us(times.detectUs),
    doneUs: us(times.doneUs),
    fillUs: Math.round(times.doneUs - times.detectUs),
    files: fill.written,
    existing: fill.existing,
    ...(fill.failed.length > 0 ? { failed: fill.failed } : {}),
  };
}

/** The `skipped` line for a cgroupfs or unidentified filesystem; undefined for a writable one. */
export function skippedEvent(path: string, verdict: FsVerdict): SkippedEvent | undefined {
  if (verdict.kind === "unknown") return { event: "skipped", path, reason: "fs-unknown", code: verdict.code };
  if (verdict.kind === "cgroupfs")
    return { event: "skipped", path, reason: "cgroupfs", fsType: hexType(verdict.fsType) };
  return undefined;
}
