/**
 * Tests generated from a finding: one per cell it runs in. The probe observes; this is the one place that
 * judges (verdict against expectation) and the one place that records the result for the reporters.
 */
import type {} from "@vitest/runner";
import { describe, inject, test } from "vitest";
import type { FindingResult } from "../report/results-schema.js";
import { describeForAllure } from "../report/allure-adapter.js";
import { matchesAny } from "../env/patterns.js";
import { blockedVerdict } from "./blocked-cell.js";
import type { ProvidedCell } from "../sandbox/provided-cell.js";
import { freezable, idleCells } from "../sandbox/idle-freezer.js";
import { sandboxExited } from "../sandbox/sandbox-exited.js";
import type { ExpectationsIndex } from "./expectations-load.js";
import { resolveExpectation } from "./expectations-resolve.js";
import type { Finding } from "./finding.js";
import { recordNotApplicable } from "./not-applicable.js";
import { blockedByFailedSteps, blockedByStepError, ProbeContext, type Probe, type ProbeResult } from "./probe.js";
import { currentRunId } from "../report/run-dir.js";
import { UnexpectedVerdictError } from "./unexpected-message.js";

declare module "@vitest/runner" {
  interface TaskMeta {
    gvc?: FindingResult;
  }
}

export interface Catalog {
  findings: readonly Finding[];
  expectations: () => Promise<ExpectationsIndex>;
}

/** `--findings`: comma-separated patterns over finding ids (`*` wildcard); unset = all. */
export function isSelected(finding: Finding): boolean {
  const filter = process.env.GVC_FINDINGS;
  return !filter || matchesAny(finding.id, filter);
}

function baseResult(finding: Finding, cell: ProvidedCell): FindingResult {
  const { id: findingId, claim, source, method } = finding;
  return {
    findingId,
    claim,
    method,
    source,
    cellId: cell.id,
    outcome: "error",
    verdict: null,
    expected: [],
    rule: null,
    summary: "",
    evidence: [],
    durationMs: 0,
  };
}

/** The probe's result; a step that failed to run (its output unreadable) blocks it. Other errors are bugs. */
async function probeOrBlocked(probe: Probe, ctx: ProbeContext): Promise<ProbeResult> {
  try {
    return await probe(ctx);
  } catch (error) {
    const blocked = blockedByStepError(error);
    if (blocked === null) throw error;
    return blocked;
  }
}

export function checkFinding(catalog: Catalog, finding: Finding, probe: Probe): void {
  if (!isSelected(finding)) {
    // A visible skip rather than nothing: vitest fails a test file that declares no suite at all.
    describe.skip(finding.id, () =>
      test(`not selected by --findings ${process.env.GVC_FINDINGS ?? ""}`, () => {}),
    );
    return;
  }
  // Only where the finding applies is a test generated; the other cells are recorded for the reports.
  const cells: ProvidedCell[] = [];
  const notApplicable: FindingResult[] = [];
  for (const cell of inject("cells")) {
    const reason = finding.appliesTo?.(cell.info.dimensions, cell.info.dockerRuntime) ?? null;
    if (reason === null) cells.push(cell);
    else notApplicable.push({ ...baseResult(finding, cell), outcome: "not-applicable", reason });
  }
  recordNotApplicable(currentRunId(), finding.id, notApplicable);
  if (cells.length === 0) {
    // A visible skip: cells where it applies could have been selected (vitest fails a file without tests).
    describe.skip(finding.id, () =>
      test(`applies to none of this run's ${notApplicable.length} cell(s) (--cells)`, () => {}),
    );
    return;
  }
  // A finding's cells run concurrently (timing findings: one after another); findings of one file never do: a
  // concurrent describe would run its tests beside the next finding's, and findings of one cell share its
  // sandbox (the k3s tier: one cluster per cell, which its last finding stops).
  const cellTest = finding.timing === true ? test : test.concurrent;
  describe(finding.id, () => {
    for (const cell of cells) {
      // Frozen until its first test (the cells wait for their turn), and between its tests.
      if (freezable(cell.info.dimensions)) idleCells.track(cell.containerId);
      cellTest(cell.id, async ({ task, skip }) => {
        const result = baseResult(finding, cell);
        task.meta.gvc = result;
        // It applies here; what could stop it is a tier this host cannot provide: a visible skip.
        const unavailable = finding.unavailable?.() ?? null;
        if (unavailable !== null) {
          Object.assign(result, { outcome: "skipped", reason: unavailable });
          skip(`${finding.id} in ${cell.id}: ${unavailable}`);
        }
        // From here the test is a use of the cell: thawed while it runs, frozen when no test of it runs.
        await idleCells.during(cell.containerId, async () => {
          const entry = (await catalog.expectations()).get(finding.id)?.entry;
          if (!entry) throw new Error(`no expectations for ${finding.id}`);
          Object.assign(result, resolveExpectation(entry, cell.info.dimensions));
          // The sandbox never came up, or it has ended since: no probe runs; the verdict is blocked, the runtime's
          // output the evidence.
          const blocked = cell.blocked ?? (await sandboxExited(cell.containerId));
          if (blocked) {
            Object.assign(result, blockedVerdict(blocked));
            await describeForAllure(result, cell);
            result.outcome = result.expected.includes("blocked") ? "as-expected" : "unexpected";
            if (result.outcome === "unexpected") throw new UnexpectedVerdictError(result);
            return;
          }
          const ctx = new ProbeContext(cell);
          const t0 = performance.now();
          try {
            const observed = blockedByFailedSteps(await probeOrBlocked(probe, ctx), ctx.failedSteps);
            Object.assign(result, observed);
            if (ctx.failedAttempts > 0) result.execFailedAttempts = ctx.failedAttempts;
            // A sandbox that died during the probe left its steps failing on Docker, not on what they measure.
            const ended = await sandboxExited(cell.containerId);
            if (ended) {
              ctx.evidence.add(ended.evidence);
              Object.assign(result, {
                verdict: "blocked",
                summary: `${ended.reason}, during this finding (its probe said: ${observed.summary})`,
              });
            }
            if (ctx.evidence.items.length === 0)
              throw new Error(`probe of ${finding.id} returned a verdict without evidence`);
          } catch (error) {
            Object.assign(result, {
              outcome: "error",
              verdict: null,
              reason: String(error instanceof Error ? error.stack : error),
            });
            throw error;
          } finally {
            result.evidence = ctx.evidence.items;
            result.durationMs = Math.round(performance.now() - t0);
            await describeForAllure(result, cell);
          }
          result.outcome = result.expected.includes(result.verdict as never) ? "as-expected" : "unexpected";
          if (result.outcome === "unexpected") throw new UnexpectedVerdictError(result);
        });
      });
    }
  });
}
