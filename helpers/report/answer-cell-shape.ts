/**
 * A cell as the answer compares cells: its dimensions, with the platform as the runtime chose it (a release's
 * default platform does not count as a difference between releases) and the sandbox's cgroup variant read from
 * the runtime name (`runsc-<release>-in-sandbox-cgroup-v2`). Pure.
 */
import { RELEASE_NAME_SOURCE } from "../host/runsc-binary.js";
import type { CellAxis } from "./answer-model.js";
import type { CellInfo } from "./results-schema.js";

/** What the answer knows of a cell. */
export interface CellShape {
  cellId: string;
  runtime: "runc" | "runsc";
  /** The gVisor release, or "" for the runc baseline. */
  release: string;
  /** `default` (the release's own), or the one its runtime name sets (`kvm`). */
  platform: string;
  image: string;
  cgroupSetup: string;
  faker: string;
  /** The cgroup inside the sandbox as the runtime name sets it: `v1` (gVisor's default) or `v2`. */
  sandboxCgroup: string;
  dockerRuntime: string;
  /** runc and containerd of the image, when observed. */
  versions: { runc: string; containerd: string } | null;
}

const PLATFORM_SUFFIX = /-platform-([a-z0-9]+)/;

/** The runtime name after `runsc-<release>`, without its platform: `-in-sandbox-cgroup-v2`, or "". */
function variantSuffix(dockerRuntime: string, release: string): string {
  const rest = dockerRuntime.startsWith(`runsc-${release}`) ? dockerRuntime.slice(`runsc-${release}`.length) : "";
  return rest.replace(PLATFORM_SUFFIX, "");
}

function sandboxCgroupOf(suffix: string): string {
  if (suffix === "") return "v1";
  if (/in-sandbox-cgroup-v2|mount-cgroup-v2/.test(suffix)) return "v2";
  return suffix.replace(/^-/, "");
}

/** The shape of a described cell, or of a bare cell id (`runtime.image.setup.faker`) when the run lacks it. */
export function shapeOf(cell: CellInfo | null, cellId: string): CellShape {
  if (cell === null) return shapeOfId(cellId);
  const d = cell.dimensions;
  const runtime = d.runtime;
  const release = runtime === "runc" ? "" : d.release;
  const explicit = PLATFORM_SUFFIX.exec(cell.dockerRuntime)?.[1];
  return {
    cellId,
    runtime,
    release,
    platform: explicit ?? "default",
    image: d.image,
    cgroupSetup: d.cgroupSetup,
    faker: d.faker,
    sandboxCgroup: runtime === "runc" ? "host" : sandboxCgroupOf(variantSuffix(cell.dockerRuntime, release)),
    dockerRuntime: cell.dockerRuntime,
    versions: { runc: cell.observation.runcVersion, containerd: cell.observation.containerdVersion },
  };
}

function shapeOfId(cellId: string): CellShape {
  const [dockerRuntime = cellId, image = "?", cgroupSetup = "?", fakerPart = "no-faker"] = cellId.split(".");
  const runtime = dockerRuntime === "runc" ? "runc" : "runsc";
  const release = new RegExp(`^runsc-(${RELEASE_NAME_SOURCE})`).exec(dockerRuntime)?.[1] ?? "";
  return {
    cellId,
    runtime,
    release,
    platform: PLATFORM_SUFFIX.exec(dockerRuntime)?.[1] ?? "default",
    image,
    cgroupSetup,
    faker: fakerPart === "no-faker" ? "none" : fakerPart.replace(/^faker-/, ""),
    sandboxCgroup: runtime === "runc" ? "host" : sandboxCgroupOf(variantSuffix(dockerRuntime, release)),
    dockerRuntime,
    versions: null,
  };
}

/** The cell without its release, as a group's line names it: `bookworm native`, `cgroup-v2 bookworm overlay-memory faker-ts`. */
export function shapeLabel(s: CellShape): string {
  const parts: string[] = [];
  if (s.runtime === "runsc" && s.sandboxCgroup !== "v1") parts.push(`cgroup-${s.sandboxCgroup}`);
  if (s.platform !== "default") parts.push(`platform-${s.platform}`);
  parts.push(s.image, s.cgroupSetup);
  if (s.faker !== "none") parts.push(`faker-${s.faker}`);
  return parts.join(" ");
}

/** The dimensions two cells differ in. */
export function differingAxes(a: CellShape, b: CellShape): CellAxis[] {
  const axes: CellAxis[] = [];
  if (a.runtime !== b.runtime) axes.push("runtime");
  if (a.release !== b.release) axes.push("release");
  if (a.platform !== b.platform) axes.push("platform");
  if (a.image !== b.image) axes.push("image");
  if (a.cgroupSetup !== b.cgroupSetup) axes.push("cgroupSetup");
  if (a.faker !== b.faker) axes.push("faker");
  if (a.sandboxCgroup !== b.sandboxCgroup) axes.push("sandboxCgroup");
  return axes;
}
