/**
 * The image of a repro: the run's sandbox image, found in the local engine, saved once per image into
 * `reports/<run>/repro/.images/` (`docker save <id> | gzip`: by id, so that loading it tags nothing) and linked
 * into each repro folder as image.tar.gz. A Dockerfile is no alternative here: the image is built from a
 * debootstrap base and Debian's mirror, which a reader of a bug report may not reach.
 */
import { spawn } from "node:child_process";
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { execa } from "execa";

export interface ChosenImage {
  /** What the engine is asked for (a tag or an image id). */
  ref: string;
  id: string;
  /** How it relates to the run's image, one sentence (README). */
  how: string;
}

/** The run's image if the engine still has it (by tag or by id), else the suite's current image, said so. */
export async function chooseImage(
  recorded: { tag: string; id: string },
  suite: string,
  idOf: (ref: string) => Promise<string | null>,
): Promise<ChosenImage | null> {
  const byTag = await idOf(recorded.tag);
  if (byTag === recorded.id) return { ref: recorded.tag, id: byTag, how: `the run's image (${recorded.tag})` };
  if ((await idOf(recorded.id)) === recorded.id)
    return {
      ref: recorded.id,
      id: recorded.id,
      how: `the run's image, by id (its tag ${recorded.tag} now names another)`,
    };
  const current = `${recorded.tag.replace(/:.*$/, "")}:${suite}`;
  for (const ref of [recorded.tag, current]) {
    const id = await idOf(ref);
    if (id)
      return {
        ref,
        id,
        how: `NOT the run's image (${recorded.id} is gone from the engine): ${ref}, image ${id}, the engine's current image of that suite`,
      };
  }
  return null;
}

export async function dockerImageId(ref: string): Promise<string | null> {
  const r = await execa("docker", ["image", "inspect", "--format", "{{.Id}}", ref], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** `.images/<id>.tar.gz` under `cacheDir`, written once (through a temporary file: an interrupted save leaves none). */
export async function savedImage(id: string, cacheDir: string): Promise<string> {
  const file = path.join(cacheDir, `${id.replace(/^sha256:/, "").slice(0, 16)}.tar.gz`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  const save = spawn("docker", ["save", id], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  save.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => save.on("close", resolve));
  try {
    // Level 1: the image is mostly binaries; a higher level costs minutes of CPU for a few percent.
    await pipeline(save.stdout, createGzip({ level: 1 }), createWriteStream(partial));
    const code = await exited;
    if (code !== 0) throw new Error(`docker save ${id} failed (exit ${code}): ${stderr.trim()}`);
    renameSync(partial, file);
    return file;
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Removes the archives of `cacheDir` no repro folder links any more (an image rebuilt since, its folders
 * rewritten): each is hundreds of MB. An archive copied rather than linked is the folder's own copy.
 */
export function pruneUnlinked(cacheDir: string, keep: string): void {
  for (const name of readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (file !== keep && name.endsWith(".tar.gz") && statSync(file).nlink === 1) rmSync(file, { force: true });
  }
}

/** Hard link (the archive is large), a copy where the folder is on another filesystem. */
export function linkInto(file: string, dest: string): void {
  rmSync(dest, { force: true });
  try {
    linkSync(file, dest);
  } catch {
    copyFileSync(file, dest);
  }
}
