import { existsSync, rmSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { measuredOnce, sharedFile } from "../../helpers/probes/shared-trials.js";

describe("trials measured once per run and cell", () => {
  const saved = process.env.GVC_RUN_ID;
  afterEach(() => {
    const file = sharedFile("cell-a", "crun.run");
    if (file) rmSync(file, { force: true });
    process.env.GVC_RUN_ID = saved;
  });
  test("the second asker reads the first one's result and is told so; outside a run nothing is kept", async () => {
    process.env.GVC_RUN_ID = "unit-shared-trials";
    let runs = 0;
    const measure = async () => ({ n: ++runs });
    const told: string[] = [];
    expect(await measuredOnce("cell-a", "crun.run", measure, (f) => told.push(f))).toEqual({ n: 1 });
    expect(await measuredOnce("cell-a", "crun.run", measure, (f) => told.push(f))).toEqual({ n: 1 });
    expect(told).toHaveLength(1);
    expect(await measuredOnce("cell-b", "crun.run", measure, () => undefined)).toEqual({ n: 2 });
    rmSync(sharedFile("cell-b", "crun.run") ?? "", { force: true });
    delete process.env.GVC_RUN_ID;
    expect(sharedFile("cell-a", "crun.run")).toBeNull();
    expect(await measuredOnce("cell-a", "crun.run", measure, () => undefined)).toEqual({ n: 3 });
    expect(existsSync("reports/unit-shared-trials/shared-trials/cell-a.crun.run.json")).toBe(true);
    rmSync("reports/unit-shared-trials", { recursive: true, force: true });
  });
});
