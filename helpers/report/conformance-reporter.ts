/**
 * Vitest reporter for conformance runs: gathers every finding's recorded result (task meta), writes the run
 * record and its views, and prints the answer (can pods run in gVisor, what stops them: answer.ts), then the
 * matrix. Does nothing in a run that started no cells.
 */
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import type {} from "../finding/check-finding.js";
import { readNotApplicable } from "../finding/not-applicable.js";
import { renderMatrixTerminal } from "./matrix-terminal.js";
import type { FindingResult } from "./results-schema.js";
import { currentRunId } from "./run-dir.js";
import { assembleResults, readStartedRunInfo, writeRun } from "./write-run.js";

export default class ConformanceReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const runId = currentRunId();
    const info = readStartedRunInfo(runId);
    if (!info) return;
    const results: FindingResult[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const recorded = test.meta().gvc;
        if (recorded) results.push(recorded);
      }
    }
    // Where a finding does not apply no test ran: the test files recorded why, cell by cell.
    results.push(...readNotApplicable(runId));
    const run = assembleResults(info, results, new Date());
    const dir = writeRun(run);
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    process.stdout.write(`\n${renderMatrixTerminal(run, { color, width: process.stdout.columns ?? 120 })}`);
    process.stdout.write(
      `\nreport: ${path.relative(process.cwd(), dir)}/ (results.json, matrix.md, matrix.html)\n`,
    );
  }
}
