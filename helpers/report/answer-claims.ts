/**
 * The log's claims: every finding in one line, with its verdict in the log's own situation, on the sandbox's own
 * cgroupfs, and in the newest gVisor, each from one named cell. Pure.
 *
 * The log's own situation, per finding: a finding measured only where a faker runs (its applicable cells all have
 * one) is the log's with its faker: the tmpfs over memory/k8s.io with the inotify faker, else the bash, polling or
 * pre-created one, else any faker cell; every other finding is the log's tmpfs over memory/k8s.io without a
 * faker. Either falls back to the sandbox's own cgroupfs without a faker. Within a situation the newest release
 * that ran the finding wins, then the release's own runtime (default platform and cgroup), then bookworm.
 */
import { wasMeasured } from "../finding/verdict.js";
import { compareReleasesNewestFirst, RELEASE_NAME } from "../host/runsc-binary.js";
import { shapeOf, type CellShape } from "./answer-cell-shape.js";
import type { ClaimLine, ClaimVerdict } from "./answer-model.js";
import type { FindingResult, ResultsFile } from "./results-schema.js";

/** A finding's result where it applied, with the shape of its cell and the cell's place in the run. */
interface Applied {
  result: FindingResult;
  shape: CellShape;
  order: number;
}

type Situation = (s: CellShape) => boolean;

const at =
  (setup: string | null, faker: string | null): Situation =>
  (s) =>
    (setup === null || s.cgroupSetup === setup) && (faker === null ? s.faker !== "none" : s.faker === faker);

const FAKER_PREFERENCE = ["ts", "bash", "poll", "pre-created"];
const OWN_CGROUPFS: Situation[] = [at("native", "none")];

function logSituations(applied: readonly Applied[]): Situation[] {
  const fakerOnly = applied.length > 0 && applied.every((a) => a.shape.faker !== "none");
  const log = fakerOnly
    ? [...FAKER_PREFERENCE.map((f) => at("overlay-memory", f)), at(null, null)]
    : [at("overlay-memory", "none")];
  return [...log, ...OWN_CGROUPFS];
}

/** Newest release first; within one, the release's own runtime, bookworm, then the run's order. */
function preferred(a: Applied, b: Applied): number {
  const own = (s: CellShape): number => Number(s.platform !== "default" || s.sandboxCgroup !== "v1");
  return (
    compareReleasesNewestFirst(a.shape.release, b.shape.release) ||
    own(a.shape) - own(b.shape) ||
    Number(a.shape.image !== "bookworm") - Number(b.shape.image !== "bookworm") ||
    a.order - b.order
  );
}

/** The first situation any result is in, and its preferred result there. */
function pick(applied: readonly Applied[], situations: readonly Situation[]): ClaimVerdict | null {
  for (const situation of situations) {
    const best = applied.filter((a) => situation(a.shape)).sort(preferred)[0];
    if (best) return { outcome: best.result.outcome, verdict: best.result.verdict, cellId: best.result.cellId };
  }
  return null;
}

/** The newest gVisor release among the run's cells, or null when no gVisor cell ran. */
export function newestReleaseOf(results: ResultsFile): string | null {
  const releases = results.run.cells
    .filter((c) => c.dimensions.runtime === "runsc" && RELEASE_NAME.test(c.dimensions.release))
    .map((c) => c.dimensions.release);
  return [...new Set(releases)].sort(compareReleasesNewestFirst)[0] ?? null;
}

/** The first sentence of a claim: what the reader needs in one line. */
export function shortClaim(claim: string): string {
  const sentence = /^(.+?[.!?])(?:\s|$)/.exec(claim.trim())?.[1] ?? claim.trim();
  return sentence.replace(/\s+/g, " ");
}

function appliedByFinding(results: ResultsFile): Map<string, Applied[]> {
  const order = new Map(results.run.cells.map((c, i) => [c.id, i]));
  const byFinding = new Map<string, Applied[]>();
  for (const result of results.results) {
    if (!wasMeasured(result.outcome)) continue;
    const cell = results.run.cells.find((c) => c.id === result.cellId) ?? null;
    const shape = shapeOf(cell, result.cellId);
    if (shape.runtime !== "runsc") continue;
    const list = byFinding.get(result.findingId) ?? [];
    list.push({ result, shape, order: order.get(result.cellId) ?? Number.MAX_SAFE_INTEGER });
    byFinding.set(result.findingId, list);
  }
  return byFinding;
}

/** One line per finding of the run (sorted by id); a finding that applied in no gVisor cell has `—` throughout. */
export function claimLines(results: ResultsFile): ClaimLine[] {
  const byFinding = appliedByFinding(results);
  const newest = newestReleaseOf(results);
  const claims = new Map(results.results.map((r) => [r.findingId, r.claim]));
  return [...claims.keys()].sort().map((findingId) => {
    const applied = byFinding.get(findingId) ?? [];
    const situations = logSituations(applied);
    const inNewest = applied.filter((a) => a.shape.release === newest);
    return {
      findingId,
      claim: shortClaim(claims.get(findingId) ?? ""),
      verdicts: {
        log: pick(applied, situations),
        own: pick(applied, OWN_CGROUPFS),
        newest: pick(inNewest, [...situations, () => true]),
      },
    };
  });
}
