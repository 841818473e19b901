/** The two first lines of the answer: where pods run in gVisor and what stops them; how much of the run applied. */
import { POD_LAYERS, type PodCellAnswer, type PodGroup, type PodLayer } from "./answer-model.js";
import type { ResultsFile } from "./results-schema.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `bookworm native no-faker: 20260520, 20240729; cgroup-v2 bookworm native no-faker: go20260905-…`. */
function whereItRuns(groups: readonly PodGroup[]): string {
  const releasesByShape = new Map<string, string[]>();
  for (const g of groups)
    for (const c of g.cells)
      if (c.status.kind === "runs")
        releasesByShape.set(c.shape, [...(releasesByShape.get(c.shape) ?? []), g.release ?? ""]);
  return [...releasesByShape].map(([shape, releases]) => `${shape}: ${releases.join(", ")}`).join("; ");
}

/** `at kubelet: ...; at pod sandbox (runc cgroups): cgroup-procs-enoent (3), ...`: layers in order, classes by count. */
function whereItStops(cells: readonly PodCellAnswer[]): string {
  const counts = new Map<PodLayer, Map<string, number>>();
  for (const c of cells) {
    if (c.status.kind !== "stopped") continue;
    const byClass = counts.get(c.status.layer) ?? new Map<string, number>();
    byClass.set(c.status.errorClass, (byClass.get(c.status.errorClass) ?? 0) + 1);
    counts.set(c.status.layer, byClass);
  }
  return POD_LAYERS.flatMap((layer) => {
    const byClass = counts.get(layer);
    if (byClass === undefined) return [];
    const classes = [...byClass].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
    return [`at ${layer}: ${classes.map(([cls, n]) => `${cls} (${n})`).join(", ")}`];
  }).join("; ");
}

/** The headline: `Pods in gVisor: run in 4 of 9 measured cells (...); stopped in 5: at ... (5).` */
export function podHeadline(groups: readonly PodGroup[]): string {
  const gvisor = groups.filter((g) => g.release !== null);
  const cells = gvisor.flatMap((g) => g.cells);
  if (cells.length === 0)
    return "Pods in gVisor: not measured in this run (the k3s tier's pod findings applied in no gVisor cell).";
  const runs = cells.filter((c) => c.status.kind === "runs");
  const stopped = cells.filter((c) => c.status.kind === "stopped");
  const unmeasured = cells.length - runs.length - stopped.length;
  const measured = runs.length + stopped.length;
  const execFails = runs.filter((c) => c.status.kind === "runs" && c.status.exec === "fails").length;
  const runPart =
    runs.length === 0
      ? `run in none of ${plural(measured, "measured cell")}`
      : `run in ${runs.length} of ${plural(measured, "measured cell")} (${whereItRuns(gvisor)})` +
        (execFails > 0 ? `, exec failing in ${execFails} of them` : "");
  const stopPart =
    stopped.length === 0 ? "stopped in none" : `stopped in ${stopped.length}: ${whereItStops(stopped)}`;
  const rest = unmeasured > 0 ? `; not measured in ${unmeasured} (harness error)` : "";
  return `Pods in gVisor: ${runPart}; ${stopPart}${rest}.${serviceSentence(runs)}`;
}

/**
 * ` Service networking with endpoints, where pods run: answers in none of 3 measured cells; stopped at pod network
 * (CNI add) (3).` Empty where k3s/service-networking-fails measured no gVisor cell.
 */
function serviceSentence(runs: readonly PodCellAnswer[]): string {
  const services = runs.flatMap((c) => (c.status.kind === "runs" ? [c.status.service] : []));
  const answers = services.filter((s) => s.kind === "answers").length;
  const stopped = new Map<string, number>();
  for (const s of services) if (s.kind === "stopped") stopped.set(s.layer, (stopped.get(s.layer) ?? 0) + 1);
  const measured = answers + [...stopped.values()].reduce((a, b) => a + b, 0);
  if (measured === 0) return "";
  const answerPart =
    answers === 0
      ? `answers in none of ${plural(measured, "measured cell")}`
      : `answers in ${answers} of ${plural(measured, "measured cell")}`;
  const stopPart = [...stopped].map(([layer, n]) => `at ${layer} (${n})`).join(", ");
  return ` Service networking with endpoints, where pods run: ${answerPart}${stopPart ? `; stopped ${stopPart}` : ""}.`;
}

/**
 * `This run: 52 findings x cells apply (16 findings in 9 cells): 49 measured, 3 skipped (k3s tier did not run:
 * ...); 120 more do not apply (no test).` A skip is something that could have run and did not.
 */
export function appliesLine(results: ResultsFile): string {
  const notApplicable = results.results.filter((r) => r.outcome === "not-applicable").length;
  const applied = results.results.filter((r) => r.outcome !== "not-applicable");
  const findings = new Set(applied.map((r) => r.findingId)).size;
  const cells = new Set(applied.map((r) => r.cellId)).size;
  const skipped = applied.filter((r) => r.outcome === "skipped");
  const reasons = [...new Set(skipped.map((r) => (r.reason ?? "no reason").split(" (")[0]))];
  const skipPart =
    skipped.length === 0
      ? ""
      : `, ${skipped.length} skipped (${reasons.slice(0, 2).join("; ")}${reasons.length > 2 ? "; ..." : ""})`;
  const naPart =
    notApplicable === 0
      ? ""
      : `; ${notApplicable} more ${notApplicable === 1 ? "does" : "do"} not apply (no test)`;
  return (
    `This run: ${applied.length} findings x cells apply (${plural(findings, "finding")} in ${plural(cells, "cell")}): ` +
    `${applied.length - skipped.length} measured${skipPart}${naPart}. ${execFailuresPart(results)}`
  );
}

/**
 * How often a probe's `docker exec` never ran (runsc's exec failing under load: retried once), per release, and
 * how many verdicts that left blocked: visible, not hidden.
 */
export function execFailuresPart(results: ResultsFile): string {
  const releaseOf = new Map(results.run.cells.map((c) => [c.id, c.dimensions.release]));
  const byRelease = new Map<string, number>();
  for (const r of results.results) {
    const n = r.execFailedAttempts ?? 0;
    if (n === 0) continue;
    const release = releaseOf.get(r.cellId) ?? "?";
    byRelease.set(release, (byRelease.get(release) ?? 0) + n);
  }
  const blocked = results.results.filter((r) => r.summary.startsWith("a step failed to run")).length;
  if (byRelease.size === 0) return "No docker exec of a probe failed to run.";
  const total = [...byRelease.values()].reduce((a, b) => a + b, 0);
  const per = [...byRelease]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([release, n]) => `${release} ${n}`)
    .join(", ");
  return (
    `docker exec of a probe failed to run ${plural(total, "time")} (${per}; runsc's own failures retried once)` +
    `, leaving ${plural(blocked, "verdict")} blocked.`
  );
}
