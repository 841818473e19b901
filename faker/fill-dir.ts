/**
 * Writing one directory's control files, cgroup.procs first. Synchronous on purpose: runc opens cgroup.procs
 * well under a millisecond after its mkdir, and a thread-pool round trip per file would only add latency.
 * Existing files are never overwritten (O_EXCL): runc may already have written a pid into them.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { ControlFile } from "./control-files.js";

/** Injectable exclusive create: like writeFileSync(p, content, { flag: "wx" }). */
export type CreateFileFn = (file: string, content: string) => void;

export const nodeCreateFile: CreateFileFn = (file, content) => writeFileSync(file, content, { flag: "wx" });

/** Outcome of filling one directory. */
export type FillResult =
  | { kind: "filled"; written: number; existing: number; failed: string[] }
  | { kind: "vanished"; written: number }
  | { kind: "not-dir" };

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
}

/** Creates every missing file; stops at ENOENT (directory removed mid-fill) and reports how far it got. */
export function fillDir(
  dir: string,
  files: readonly ControlFile[],
  create: CreateFileFn = nodeCreateFile,
): FillResult {
  let written = 0;
  let existing = 0;
  const failed: string[] = [];
  for (const [index, file] of files.entries()) {
    try {
      create(path.join(dir, file.name), file.content);
      written++;
    } catch (error) {
      const code = errnoOf(error);
      if (code === "EEXIST") existing++;
      else if (code === "ENOENT") return { kind: "vanished", written };
      else if (code === "ENOTDIR" && index === 0) return { kind: "not-dir" };
      else failed.push(`${file.name}:${code}`);
    }
  }
  return { kind: "filled", written, existing, failed };
}
