/** Conformance globalSetup: check the catalog first (bad expectations stop the run), then start the cells. */
import type { TestProject } from "vitest/node";
import { setupCells } from "../helpers/sandbox/global-setup.js";
import { ALL_FINDINGS, catalog } from "./catalog.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await catalog.expectations();
  return setupCells(
    project,
    ALL_FINDINGS.map((f) => f.id),
  );
}
