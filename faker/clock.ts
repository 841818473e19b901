/**
 * Microsecond timestamps comparable with a directory's ctime, so the faker can say how long after a cgroup's
 * creation it saw and filled it. Neither birth time (0 in gVisor) nor anything else is required: when ctime
 * cannot be read (stat EINVAL on gVisor 20221219 paths), times are relative to detection instead.
 */
import { statSync } from "node:fs";

/** Injectable clock: wall-clock microseconds and a directory's ctime in microseconds (undefined if unknown). */
export interface FakerClock {
  nowUs(): number;
  ctimeUs(path: string): number | undefined;
}

/** performance.timeOrigin + now(): wall clock with sub-microsecond resolution (Date.now() is milliseconds). */
export function wallClockUs(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

/** ctime via stat (bigint for nanoseconds); any error (ENOENT, EINVAL) means "unknown". */
export function statCtimeUs(path: string): number | undefined {
  try {
    const st = statSync(path, { bigint: true, throwIfNoEntry: false });
    return st ? Number(st.ctimeNs / 1000n) : undefined;
  } catch {
    return undefined;
  }
}

export const systemClock: FakerClock = { nowUs: wallClockUs, ctimeUs: statCtimeUs };

/** Longest plausible gap between creation and detection before ctime is judged unusable (clock steps). */
const SKEW_US = 1000;

/** Which origin a directory's times are measured from. */
export type ClockOrigin = "ctime" | "detection";

/** Origin for one directory: its ctime when known and not after the detection time. */
export function originFor(
  detectUs: number,
  ctimeUs: number | undefined,
): { clock: ClockOrigin; originUs: number } {
  if (ctimeUs !== undefined && ctimeUs <= detectUs + SKEW_US) return { clock: "ctime", originUs: ctimeUs };
  return { clock: "detection", originUs: detectUs };
}
