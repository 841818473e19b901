/** The decisions of the cgroup findings, pure so that each answer is unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import type { NewDirResult } from "./newdir-result.js";

function where(r: NewDirResult): string {
  return r.created?.fsType.name ?? "?";
}

/** cgroups/no-autopopulate: every new directory empty. */
export function judgeAutopopulate(results: readonly NewDirResult[]): ProbeResult {
  const made = results.filter((r) => r.mkdir.ok && r.created);
  const failed = results.filter((r) => !r.mkdir.ok);
  if (made.length === 0) {
    const why = failed.map((r) => `${r.controller}: ${r.mkdir.code ?? "?"}`).join(", ") || "no usable controller";
    return {
      verdict: "blocked",
      summary: `no cgroup directory could be made (${why})`,
      stats: { trials: 0, counts: {} },
    };
  }
  const populated = made.filter((r) => (r.created?.entries.length ?? 0) > 0);
  const counts = {
    empty: made.length - populated.length,
    populated: populated.length,
    "mkdir-failed": failed.length,
  };
  const detail = made
    .map((r) => `${r.controller}: ${r.created?.entries.length ?? 0} entries on ${where(r)}`)
    .join(", ");
  return {
    verdict: populated.length === 0 ? "holds" : "does-not-hold",
    summary: populated.length === 0 ? `every new directory stayed empty (${detail})` : `populated: ${detail}`,
    stats: { trials: made.length, counts },
  };
}

type FileClass = "regular-off-cgroupfs" | "regular-on-cgroupfs" | "refused" | "kernel-file" | "other";

function classify(f: NewDirResult["fakes"][number]): FileClass {
  if (f.existedBefore) return "kernel-file";
  if (!f.write.ok) return "refused";
  if (f.typeAfter !== "file") return "other";
  return f.fsType.name === "cgroupfs" || f.fsType.name === "cgroup2"
    ? "regular-on-cgroupfs"
    : "regular-off-cgroupfs";
}

/** cgroups/fake-files-are-regular: the faker could create every file, and each is a regular file off cgroupfs. */
export function judgeFakeFiles(results: readonly NewDirResult[]): ProbeResult {
  const files = results.filter((r) => r.mkdir.ok).flatMap((r) => r.fakes.map((f) => ({ r, f, c: classify(f) })));
  if (files.length === 0)
    return { verdict: "blocked", summary: "no cgroup directory could be made to write into" };
  const counts: Record<string, number> = {};
  for (const { c } of files) counts[c] = (counts[c] ?? 0) + 1;
  const holds = files.every(({ c }) => c === "regular-off-cgroupfs");
  const notes = files
    .filter(({ c }) => c !== "regular-off-cgroupfs")
    .slice(0, 4)
    .map(
      ({ r, f, c }) =>
        `${r.controller}/${f.file}: ${c}${f.write.code ? ` (${f.write.code})` : ""} on ${f.fsType.name}`,
    );
  return {
    verdict: holds ? "holds" : "does-not-hold",
    summary: holds ? `all ${files.length} faked files are regular files off cgroupfs` : notes.join("; "),
    stats: { trials: files.length, counts },
  };
}
