import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { readNotApplicable, recordNotApplicable } from "../../helpers/finding/not-applicable.js";
import { fixtureResult } from "./fixtures/results-fixture.js";

vi.mock("../../helpers/report/run-dir.js", async (original) => ({
  ...(await original<typeof import("../../helpers/report/run-dir.js")>()),
  runDir: (id: string) => path.join(root, id),
}));
const root = mkdtempSync(path.join(os.tmpdir(), "gvc-na-"));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("not-applicable records: written as test files are collected, read by the reporter", () => {
  test("a run without any reads as none", () => {
    expect(readNotApplicable("run-none")).toEqual([]);
  });
  test("each finding's cells are read back, findings whose id has a slash included", () => {
    const na = (findingId: string, cellId: string) =>
      fixtureResult(findingId, cellId, { outcome: "not-applicable", verdict: null, reason: "needs faker ts" });
    recordNotApplicable("run-1", "faker/inotify-wins-race", [
      na("faker/inotify-wins-race", "a"),
      na("faker/inotify-wins-race", "b"),
    ]);
    recordNotApplicable("run-1", "kernel/matches-runtime", []);
    recordNotApplicable("run-1", "fuse/io-enosys", [na("fuse/io-enosys", "b")]);
    const read = readNotApplicable("run-1");
    expect(read.map((r) => `${r.findingId} ${r.cellId} ${r.outcome}`)).toEqual([
      "faker/inotify-wins-race a not-applicable",
      "faker/inotify-wins-race b not-applicable",
      "fuse/io-enosys b not-applicable",
    ]);
    expect(readNotApplicable("run-2")).toEqual([]);
  });
});
