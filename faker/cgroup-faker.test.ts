import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultNames } from "./control-files.js";
import { nodeCreateFile } from "./fill-dir.js";
import { hasFiles, removeRoot, startFaker, tempRoot, waitFor, fakerPerTest } from "./test-helpers.js";

const MEMORY = defaultNames("memory");
const { setup, cleanup } = fakerPerTest();

describe("CgroupFaker, inotify mode", () => {
  it("scans what exists, then emits ready with its watch count", () => {
    const root = tempRoot();
    mkdirSync(path.join(root, "memory", "k8s.io", "old", "nested"), { recursive: true });
    const { faker, rec } = startFaker({ root });
    cleanup.push(
      () => faker.close(),
      () => removeRoot(root),
    );
    expect(rec.ready).toHaveLength(1);
    expect(rec.ready[0]).toMatchObject({ event: "ready", mode: "inotify", controllers: ["cpu", "memory"] });
    expect(rec.ready[0]?.watches).toBe(6); // cpu, cpu/k8s.io, memory, memory/k8s.io, old, old/nested
    expect(hasFiles(path.join(root, "memory", "k8s.io", "old", "nested"), MEMORY)).toBe(true);
    expect(rec.created.every((e) => e.event === "filled" && e.via === "scan")).toBe(true);
  });

  it("reports a missing controller, ignores one named twice, and refuses to start with none", () => {
    const { rec, faker } = setup({ controllers: ["memory", "memory", "nope"] });
    expect(rec.errors).toEqual([expect.objectContaining({ code: "ENOENT", action: "skipped-controller" })]);
    expect(faker.counts().dirs).toBe(2); // memory, memory/k8s.io
    const root = tempRoot();
    cleanup.push(() => removeRoot(root));
    expect(() => startFaker({ root, controllers: ["nope"] })).toThrow(/none of the controller directories/);
  });

  it("fills a new directory, cgroup.procs first, and reports its timings", async () => {
    const order: string[] = [];
    const { k8s, rec } = setup({
      create: (file, content) => {
        if (file.includes("pod1")) order.push(path.basename(file));
        nodeCreateFile(file, content);
      },
    });
    mkdirSync(path.join(k8s, "pod1"));
    await waitFor("pod1 filled", () => rec.filledPaths().has(path.join(k8s, "pod1")));
    expect(order).toEqual(MEMORY);
    const event = rec.created.find((e) => e.path === path.join(k8s, "pod1"));
    expect(event).toMatchObject({ event: "filled", via: "inotify", controller: "memory", files: MEMORY.length });
    if (event?.event !== "filled") throw new Error("not filled");
    expect(event.doneUs).toBeGreaterThanOrEqual(event.detectedUs);
    expect(event.fillUs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(path.join(k8s, "pod1", "memory.limit_in_bytes"), "utf8")).toBe("9223372036854771712\n");
  });

  it("follows nested cgroups created at once (mkdir -p races the watches)", async () => {
    const { root, rec } = setup();
    const deep = path.join(root, "cpu", "k8s.io", "kubepods", "burstable", "pod-uid", "ctr");
    mkdirSync(deep, { recursive: true });
    await waitFor("deepest dir filled", () => rec.filledPaths().has(deep));
    for (let d = deep; d !== path.join(root, "cpu", "k8s.io"); d = path.dirname(d))
      expect(hasFiles(d, defaultNames("cpu"))).toBe(true);
  });

  it("misses none of a burst of 2,000 directories", async () => {
    const { k8s, rec } = setup();
    const dirs = Array.from({ length: 2000 }, (_, i) => path.join(k8s, `burst-${i}`));
    for (const d of dirs) mkdirSync(d);
    await waitFor("2,000 dirs filled", () => dirs.every((d) => rec.filledPaths().has(d)), 20_000);
    expect(dirs.filter((d) => !hasFiles(d, MEMORY))).toEqual([]);
  });

  it("fills a directory removed and created again under the same name", async () => {
    const { k8s, rec } = setup();
    const pod = path.join(k8s, "again");
    mkdirSync(pod);
    await waitFor("first fill", () => rec.filledPaths().has(pod));
    rmSync(pod, { recursive: true });
    mkdirSync(pod);
    await waitFor("second fill", () => hasFiles(pod, MEMORY));
  });

  it("can be closed twice and reports nothing after close", async () => {
    const { k8s, faker, rec } = setup();
    faker.close();
    faker.close();
    const before = rec.created.length;
    mkdirSync(path.join(k8s, "late"));
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.created.length).toBe(before);
    expect(hasFiles(path.join(k8s, "late"), ["cgroup.procs"])).toBe(false);
  });
});

describe("CgroupFaker, poll mode", () => {
  it("holds no watches and fills new (nested) directories on the next pass", async () => {
    const { k8s, rec, faker } = setup({ mode: "poll", intervalMs: 20 });
    expect(rec.ready[0]).toMatchObject({ mode: "poll", watches: 0, polled: 4 });
    const ctr = path.join(k8s, "pod", "ctr");
    mkdirSync(ctr, { recursive: true });
    await waitFor("polled fill", () => rec.filledPaths().has(ctr));
    expect(rec.created.find((e) => e.path === ctr)).toMatchObject({ via: "poll" });
    expect(faker.counts().watches).toBe(0);
  });

  it("finds nothing new when nothing changed", () => {
    const { faker } = setup({ mode: "poll", intervalMs: 60_000 });
    expect(faker.pollNow()).toBe(0);
  });
});
