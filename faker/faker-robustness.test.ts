import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultNames } from "./control-files.js";
import { nodeCreateFile } from "./fill-dir.js";
import { CGROUP_MAGIC } from "./fs-type.js";
import { fakerPerTest, hasFiles, waitFor } from "./test-helpers.js";
import { nodeWatch, type WatchFn } from "./watch-tree.js";

const MEMORY = defaultNames("memory");
const TMPFS = 0x1021994;
const { setup } = fakerPerTest();

/** fs.watch that loses events for names starting with `lost` (as an overflowed queue would). */
const lossyWatch: WatchFn = (dir, onChange, onError) =>
  nodeWatch(dir, (type, name) => name?.startsWith("lost") || onChange(type, name), onError);

describe("CgroupFaker robustness", () => {
  it("logs a directory removed while it is being filled and carries on", async () => {
    const { k8s, rec } = setup({
      create: (file, content) => {
        if (path.basename(file) === MEMORY[2] && file.includes("doomed"))
          rmSync(path.dirname(file), { recursive: true });
        nodeCreateFile(file, content);
      },
    });
    mkdirSync(path.join(k8s, "doomed"));
    mkdirSync(path.join(k8s, "after"));
    await waitFor("after filled", () => rec.filledPaths().has(path.join(k8s, "after")));
    expect(rec.created).toContainEqual({ event: "vanished", path: path.join(k8s, "doomed"), files: 2 });
    expect(rec.errors).toEqual([]);
  });

  it("recovers events lost to an overflow with a rescan", async () => {
    const { k8s, rec, faker } = setup({ watch: lossyWatch });
    const lost = Array.from({ length: 50 }, (_, i) => path.join(k8s, `lost-${i}`, "nested"));
    for (const d of lost) mkdirSync(d, { recursive: true });
    mkdirSync(path.join(k8s, "seen"));
    await waitFor("seen filled", () => rec.filledPaths().has(path.join(k8s, "seen")));
    expect(lost.some((d) => hasFiles(d, ["cgroup.procs"]))).toBe(false);
    faker.rescanNow();
    await waitFor("rescan", () => rec.rescans.length > 0);
    expect(rec.rescans[0]).toMatchObject({ trigger: "overflow", found: 100 });
    expect(lost.filter((d) => !hasFiles(d, MEMORY))).toEqual([]);
    expect(rec.created.find((e) => e.path === lost[0])).toMatchObject({ via: "rescan" });
  });

  it("rescans by itself on a null filename, after a burst, and periodically", async () => {
    const nulling: WatchFn = (dir, onChange, onError) =>
      nodeWatch(dir, (type, name) => onChange(type, name?.startsWith("lost") ? null : name), onError);
    const { k8s, rec } = setup({ watch: nulling, rescan: { quietMs: 10, burstEvents: 1000 } });
    mkdirSync(path.join(k8s, "lost-null"));
    await waitFor("overflow rescan", () => rec.rescans.some((r) => r.trigger === "overflow" && r.found === 1));
    const burst = setup({ watch: lossyWatch, rescan: { quietMs: 10, burstEvents: 5 } });
    for (let i = 0; i < 6; i++) mkdirSync(path.join(burst.k8s, `b${i}`));
    mkdirSync(path.join(burst.k8s, "lost-burst"));
    await waitFor("burst rescan", () => burst.rec.rescans.some((r) => r.trigger === "burst" && r.found === 1));
    const periodic = setup({ watch: lossyWatch, rescan: { periodMs: 30 } });
    mkdirSync(path.join(periodic.k8s, "lost-periodic"));
    await waitFor("periodic rescan", () => hasFiles(path.join(periodic.k8s, "lost-periodic"), MEMORY));
    expect(periodic.rec.rescans.some((r) => r.trigger === "periodic" && r.found === 1)).toBe(true);
  });

  it("polls a subtree it cannot watch (ENOSPC) and logs why", async () => {
    let watches = 0;
    const limited: WatchFn = (dir, onChange, onError) => {
      if (++watches > 4)
        throw Object.assign(new Error("ENOSPC: System limit for number of file watchers reached"), {
          code: "ENOSPC",
        });
      return nodeWatch(dir, onChange, onError);
    };
    const { k8s, rec } = setup({ watch: limited, intervalMs: 20 });
    const ctr = path.join(k8s, "pod", "ctr");
    mkdirSync(ctr, { recursive: true });
    await waitFor("polled subtree filled", () => hasFiles(ctr, MEMORY));
    expect(rec.errors[0]).toMatchObject({ code: "ENOSPC", action: "poll-subtree", path: path.join(k8s, "pod") });
    expect(rec.created.find((e) => e.path === ctr)).toMatchObject({ event: "filled" });
  });

  it("polls a directory whose watcher fails later", async () => {
    let fail: ((e: Error) => void) | undefined;
    const failing: WatchFn = (dir, onChange, onError) => {
      if (dir.endsWith("k8s.io") && dir.includes("memory")) fail = onError;
      return nodeWatch(dir, onChange, onError);
    };
    const { k8s, rec } = setup({ watch: failing, intervalMs: 20, rescan: { quietMs: 10 } });
    fail?.(Object.assign(new Error("watcher broke"), { code: "EIO" }));
    expect(rec.errors[0]).toMatchObject({ code: "EIO", action: "poll-subtree" });
    mkdirSync(path.join(k8s, "later"));
    await waitFor("later filled", () => hasFiles(path.join(k8s, "later"), MEMORY));
  });
});

describe("CgroupFaker safety", () => {
  const cgroupfsUnder = (marker: string) => (p: string) => ({ type: p.includes(marker) ? CGROUP_MAGIC : TMPFS });

  it("never writes into a cgroupfs directory and reports it as skipped", async () => {
    const { root, k8s, rec } = setup({ statfs: cgroupfsUnder("/memory") });
    mkdirSync(path.join(k8s, "real-cgroup"));
    await waitFor("skipped", () => rec.created.some((e) => e.path === path.join(k8s, "real-cgroup")));
    expect(rec.created.find((e) => e.path === path.join(k8s, "real-cgroup"))).toEqual({
      event: "skipped",
      path: path.join(k8s, "real-cgroup"),
      reason: "cgroupfs",
      fsType: "0x27e0eb",
    });
    expect(readdirSync(path.join(root, "memory"))).toEqual(["k8s.io"]);
    expect(readdirSync(path.join(k8s, "real-cgroup"))).toEqual([]);
    expect(hasFiles(path.join(root, "cpu"), defaultNames("cpu"))).toBe(true);
  });

  it("writes there only with allowCgroupfs", () => {
    const { k8s } = setup({ statfs: cgroupfsUnder("/memory"), allowCgroupfs: true });
    expect(hasFiles(k8s, MEMORY)).toBe(true);
  });

  it("skips a filesystem statfs cannot identify, and falls back to detection time without ctime", () => {
    const einval = () => {
      throw Object.assign(new Error("EINVAL"), { code: "EINVAL" });
    };
    const { k8s, rec } = setup({ statfs: einval });
    expect(rec.created.find((e) => e.path === k8s)).toMatchObject({
      event: "skipped",
      reason: "fs-unknown",
      code: "EINVAL",
    });
    expect(readdirSync(k8s)).toEqual([]);
    const noCtime = setup({ clock: { nowUs: () => 1_000_000, ctimeUs: () => undefined } });
    expect(noCtime.rec.created[0]).toMatchObject({
      event: "filled",
      clock: "detection",
      detectedUs: 0,
      doneUs: 0,
    });
  });
});
