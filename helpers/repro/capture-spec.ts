/**
 * The exact OCI spec Docker generates for a cell's container: a throwaway container of the cell, started as the
 * harness starts it (SandboxContainer: same image, runtime, privileges, and the harness's labels, so that its
 * cleanup would find a leftover), its bundle's config.json read from the engine's containerd state, and the
 * container removed at once. The hosts and hostname Docker gave it are kept too (the spec binds them in), and
 * files of the image asked for while it runs.
 */
import { readFileSync } from "node:fs";
import type { Cell } from "../env/cell.js";
import { removeContainers } from "../sandbox/cleanup.js";
import { execInSandbox } from "../sandbox/exec.js";
import { describeRemovalFailures, type RemovalReport } from "../sandbox/stuck.js";
import { SandboxContainer } from "../sandbox/sandbox-container.js";
import type { OciSpec } from "./oci-spec.js";

/** Where the engine's containerd keeps a running container's bundle (Docker 20.10, then newer engines). */
const BUNDLE_DIRS = [
  "/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby",
  "/run/containerd/io.containerd.runtime.v2.task/moby",
];

export interface CapturedSpec {
  spec: OciSpec;
  /** Contents of the per-container files Docker bound in, by destination (`/etc/hosts`, `/etc/hostname`). */
  files: Record<string, string>;
  /** Contents of the image's files asked for (absent: not in the image). */
  inside: Record<string, string>;
}

function readBundleSpec(containerId: string): OciSpec {
  for (const dir of BUNDLE_DIRS) {
    try {
      return JSON.parse(readFileSync(`${dir}/${containerId}/config.json`, "utf8")) as OciSpec;
    } catch {
      // not this engine's layout
    }
  }
  throw new Error(`no config.json of container ${containerId} under ${BUNDLE_DIRS.join(" or ")}`);
}

export async function captureSpec(
  cell: Cell,
  imageRef: string,
  keep: readonly string[],
  read: readonly string[],
): Promise<CapturedSpec> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true"; // no reaper image here: removed below, by label otherwise
  const container = await new SandboxContainer(imageRef, cell, "repro-spec").start();
  const id = container.getId();
  let captured: CapturedSpec;
  let removal: RemovalReport;
  try {
    const spec = readBundleSpec(id);
    const files: Record<string, string> = {};
    for (const m of spec.mounts ?? []) {
      if (m.type === "bind" && m.source && keep.includes(m.destination))
        files[m.destination] = readFileSync(m.source, "utf8");
    }
    const inside: Record<string, string> = {};
    for (const file of read) {
      const r = await execInSandbox(id, ["cat", file]);
      if (r.exitCode === 0) inside[file] = r.stdout;
    }
    captured = { spec, files, inside };
  } finally {
    removal = removeContainers([id]);
  }
  if (removal.failed.length > 0)
    throw new Error(`could not remove the spec container ${id.slice(0, 12)}: ${describeRemovalFailures(removal)}`);
  return captured;
}
