import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFaker } from "./build.js";
import { removeRoot, tempRoot, waitFor } from "./test-helpers.js";

let outDir: string;
let bundle: string;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), "gvc-faker-bundle-"));
  bundle = path.join(outDir, "cgroup-faker.mjs");
  await bundleFaker(bundle);
}, 30_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("bundled faker daemon", () => {
  it("is deterministic and imports node: builtins only", async () => {
    const again = path.join(outDir, "again.mjs");
    await bundleFaker(again);
    expect(readFileSync(again)).toEqual(readFileSync(bundle));
    const imports = [...readFileSync(bundle, "utf8").matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((m) => !m?.startsWith("node:"))).toEqual([]);
  });

  it("prints ready and filled JSON lines, and exits 0 on SIGTERM", async () => {
    const root = tempRoot(["memory"]);
    const child = spawn(process.execPath, [bundle, "--root", root, "--rescan-ms", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    createInterface({ input: child.stdout }).on("line", (l) =>
      lines.push(JSON.parse(l) as Record<string, unknown>),
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await waitFor("ready line", () => lines.some((l) => l.event === "ready"));
      expect(lines.find((l) => l.event === "ready")).toMatchObject({ watches: 2, controllers: ["memory"] });
      const pod = path.join(root, "memory", "k8s.io", "pod");
      mkdirSync(pod);
      await waitFor("filled line", () => lines.some((l) => l.event === "filled" && l.path === pod));
      expect(lines.find((l) => l.path === pod)).toMatchObject({ via: "inotify", files: 11, existing: 0 });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(lines.at(-1)).toEqual({ event: "exit", signal: "SIGTERM" });
    } finally {
      child.kill("SIGKILL");
      removeRoot(root);
    }
  });

  it("exits 2 on a bad argument or when there is nothing to watch", () => {
    const bad = spawnSync(process.execPath, [bundle, "--mode", "fanotify"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--mode must be inotify or poll/);
    const empty = mkdtempSync(path.join(os.tmpdir(), "gvc-faker-empty-"));
    const none = spawnSync(process.execPath, [bundle, "--root", empty], { encoding: "utf8" });
    rmSync(empty, { recursive: true });
    expect(none.status).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ event: "error", action: "exit" });
  });
});
