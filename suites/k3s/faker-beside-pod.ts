/**
 * What the cell's faker did with the cgroup directory of the pod sandbox that failed, from the faker's own JSON
 * log: the evidence that a faker cell really ran a faker, and how late it was against runc.
 */
import { fakerReaction } from "../faker/race-numbers.js";

/**
 * The pod cgroup's directory named in a sandbox failure's message (runc's cgroup path), or null: `memory/k8s.io/<id>`
 * on cgroup v1, `k8s.io/<id>` on cgroup v2 (one hierarchy at /sys/fs/cgroup).
 */
export function podCgroupDir(message: string): string | null {
  const v1 = /memory\/k8s\.io\/([0-9a-f]{12,64})\b/.exec(message);
  if (v1) return `memory/k8s.io/${v1[1]}`;
  const v2 = /\/sys\/fs\/cgroup\/k8s\.io\/([0-9a-f]{12,64})\b/.exec(message);
  return v2 ? `k8s.io/${v2[1]}` : null;
}

const short = (dir: string) => dir.replace(/([0-9a-f]{12})[0-9a-f]+$/, "$1");

/** One clause for the verdict's summary, e.g. `the faker filled memory/k8s.io/c5d787e65b20 6.24 ms after its creation`. */
export function describeFakerOnPod(log: string, failureMessage: string): string | null {
  const dir = podCgroupDir(failureMessage);
  if (dir === null) return null;
  const reaction = fakerReaction(log, dir);
  if (reaction) {
    const origin = reaction.clock === "ctime" ? "creation" : "detection";
    return `the faker filled ${short(dir)} ${reaction.doneMs.toFixed(2)} ms after its ${origin}`;
  }
  const events = log
    .split("\n")
    .filter((line) => line.includes(`${dir}"`) || line.includes(`${dir}/`))
    .map((line) => /"event":"([a-z]+)"/.exec(line)?.[1])
    .filter((e): e is string => e !== undefined);
  if (events.length === 0) return `the faker's log has no line for ${short(dir)}`;
  return `the faker logged ${short(dir)} as ${[...new Set(events)].join(", ")}, never filled`;
}
