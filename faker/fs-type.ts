/**
 * The safety check: the faker must never write into a kernel cgroupfs directory (an empty or default value
 * written into a real memory.limit_in_bytes can set the limit and get the next container OOM-killed).
 * statfs(2) only: no stat/statx, which fail with EINVAL on some paths in gVisor 20221219.
 */
import { statfsSync } from "node:fs";

/** f_type of cgroup v1 (CGROUP_SUPER_MAGIC) and cgroup v2 (CGROUP2_SUPER_MAGIC). */
export const CGROUP_MAGIC = 0x27e0eb;
export const CGROUP2_MAGIC = 0x63677270;

/** Injectable statfs: returns f_type; throws an errno error like fs.statfsSync. */
export type StatfsFn = (path: string) => { type: number };

/** What the faker may do with a directory, judged from its filesystem type. */
export type FsVerdict =
  | { kind: "writable"; fsType: number }
  | { kind: "cgroupfs"; fsType: number }
  | { kind: "gone" }
  | { kind: "unknown"; code: string };

/** Node's statfsSync (Node >= 18.15); absent on older Node, where the faker refuses to start. */
export const nodeStatfs: StatfsFn | undefined =
  typeof statfsSync === "function" ? (p) => ({ type: Number(statfsSync(p).type) }) : undefined;

/** True for both cgroup magics; f_type may come back sign-extended or as an unsigned 64-bit value. */
export function isCgroupMagic(fsType: number): boolean {
  const t = fsType >>> 0;
  return t === CGROUP_MAGIC || t === CGROUP2_MAGIC;
}

/** Classifies a path; ENOENT/ENOTDIR mean the entry is gone (or is not a directory). */
export function judgeFs(path: string, statfs: StatfsFn): FsVerdict {
  try {
    const fsType = statfs(path).type;
    return isCgroupMagic(fsType) ? { kind: "cgroupfs", fsType } : { kind: "writable", fsType };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
    return code === "ENOENT" || code === "ENOTDIR" ? { kind: "gone" } : { kind: "unknown", code };
  }
}

/** f_type as the JSON lines print it: `0x27e0eb`. */
export function hexType(fsType: number): string {
  return `0x${(fsType >>> 0).toString(16)}`;
}
