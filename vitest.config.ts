import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { runDir, runId } from "./helpers/report/run-dir.js";
import { SuiteOrder } from "./helpers/sandbox/suite-order.js";

// One id for the whole run, shared by globalSetup, workers and reporters (all read process.env).
process.env.GVC_RUN_ID ??= runId(new Date());
// Testcontainers' reaper image cannot be pulled here; helpers/sandbox cleans up by label instead.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

export default defineConfig({
  test: {
    // The k3s tier last: its clusters change the sandbox the other areas measure (a root option in vitest 3).
    sequence: { sequencer: SuiteOrder },
    reporters: [
      "verbose",
      [
        "allure-vitest/reporter",
        {
          resultsDir: path.join(runDir(process.env.GVC_RUN_ID), "allure-results"),
          environmentInfo: { "host kernel": os.release(), node: process.version, run: process.env.GVC_RUN_ID },
        },
      ],
      "./helpers/report/conformance-reporter.ts",
    ],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "faker/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "conformance",
          include: ["suites/**/*.test.ts"],
          globalSetup: ["./suites/global-setup.ts"],
          setupFiles: ["./helpers/sandbox/worker-setup.ts"],
          // allure-vitest's setup file (added by its reporter) sets the Allure runtime in a beforeAll of the file it
          // is loaded for. External, Node caches it: in one fork it would load, and hook, the first file only, so a
          // run whose first file is all skipped (`--findings k3s/*`) had no runtime (no parameters, no evidence).
          // Inlined, it is evaluated again for every file.
          server: { deps: { inline: ["allure-vitest"] } },
          // Findings of one cell share one sandbox and measure latencies: files must not run concurrently.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          // Conformance runs never retry: a known intermittent is declared in the expectations instead.
          retry: 0,
          // Cells of a non-timing finding run concurrently; more than this only queues on a 2-core host.
          maxConcurrency: 4,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
