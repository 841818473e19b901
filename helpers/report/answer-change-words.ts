/** A one-dimension change between two cells, in words a reader of the log knows. Pure. */
import { compareReleasesNewestFirst } from "../host/runsc-binary.js";
import type { CellShape } from "./answer-cell-shape.js";
import type { CellAxis } from "./answer-model.js";

/** What each cgroup setup puts at /sys/fs/cgroup (fixtures/cgroup-setups). */
const SETUP_WORDS: Record<string, string> = {
  native: "the sandbox's own cgroupfs",
  "overlay-memory": "the tmpfs over memory/k8s.io",
  "overlay-all": "the tmpfs over every controller's k8s.io",
  tmpfs: "a tmpfs instead of cgroupfs",
};

/** Each faker mode, with its article. */
const FAKER_WORDS: Record<string, string> = {
  poll: "the polling faker",
  ts: "the inotify faker",
  bash: "the log's bash faker",
  "pre-created": "the cgroup files pre-created",
};

const setupWords = (setup: string): string => SETUP_WORDS[setup] ?? `cgroup setup ${setup}`;
const fakerWords = (faker: string): string => FAKER_WORDS[faker] ?? `faker ${faker}`;

function cgroupSetupChange(from: string, to: string): string {
  if (to === "native" && from.startsWith("overlay-")) return `without ${setupWords(from)} (cgroupSetup native)`;
  return `with ${setupWords(to)} (cgroupSetup ${to})`;
}

function fakerChange(from: string, to: string): string {
  if (to === "none") return `without ${fakerWords(from)} (faker none)`;
  return `with ${fakerWords(to)} (faker ${to})`;
}

function releaseChange(from: string, to: string): string {
  const age = compareReleasesNewestFirst(to, from) < 0 ? "newer" : "older";
  return `in gVisor ${to} (${age} release)`;
}

function imageChange(to: CellShape): string {
  const v = to.versions;
  return `with image ${to.image}${v ? ` (runc ${v.runc}, containerd ${v.containerd})` : ""}`;
}

function sandboxCgroupChange(to: CellShape): string {
  const which = to.sandboxCgroup === "v1" ? "gVisor's default cgroup v1" : `cgroup ${to.sandboxCgroup}`;
  return `with ${which} inside the sandbox (sandbox cgroup ${to.sandboxCgroup})`;
}

/** `without the tmpfs over memory/k8s.io (cgroupSetup native)`, `in gVisor 20260520 (newer release)`. */
export function describeChange(axis: CellAxis, from: CellShape, to: CellShape): string {
  switch (axis) {
    case "cgroupSetup":
      return cgroupSetupChange(from.cgroupSetup, to.cgroupSetup);
    case "faker":
      return fakerChange(from.faker, to.faker);
    case "release":
      return releaseChange(from.release, to.release);
    case "platform":
      return to.platform === "default" ? "on the release's default platform" : `on the ${to.platform} platform`;
    case "image":
      return imageChange(to);
    case "sandboxCgroup":
      return sandboxCgroupChange(to);
    case "runtime":
      return `under ${to.runtime}`;
  }
}
