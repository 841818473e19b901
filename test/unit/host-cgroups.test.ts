import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { hostCgroupDirsOf, removeHostCgroupDirsSync } from "../../helpers/sandbox/host-cgroups.js";

const ID = "7c921e11fafb0123456789abcdef0123456789abcdef0123456789abcdef0123";
let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(dirs: string[]): string {
  root = mkdtempSync(path.join(os.tmpdir(), "gvc-host-cgroups-"));
  for (const d of dirs) mkdirSync(path.join(root, d), { recursive: true });
  return root;
}

describe("hostCgroupDirsOf", () => {
  test("finds the container's directories of both Docker cgroup drivers, in every controller", () => {
    const r = tree([
      `memory/docker/${ID}/k8s.io/abc`,
      `cpu/system.slice/docker-${ID}.scope`,
      "memory/docker/0000000000000000000000000000000000000000000000000000000000000000",
    ]);
    writeFileSync(path.join(r, "memory", "docker", "cgroup.procs"), "");
    expect(hostCgroupDirsOf(ID, r)).toEqual([
      path.join(r, `cpu/system.slice/docker-${ID}.scope`),
      path.join(r, `memory/docker/${ID}`),
    ]);
  });

  test("nothing once the container's cgroups are gone, and nothing below the depth it looks at", () => {
    const r = tree(["memory/docker", `pids/a/b/c/d/${ID}`]);
    expect(hostCgroupDirsOf(ID, r)).toEqual([]);
    expect(hostCgroupDirsOf(ID, path.join(r, "missing"))).toEqual([]);
  });

  test("removal takes empty directories, deepest first, and names what it could not remove", () => {
    const r = tree([`memory/docker/${ID}/k8s.io/abc`, `cpu/docker/${ID}/held`, "memory/docker/other"]);
    writeFileSync(path.join(r, `cpu/docker/${ID}/held/cgroup.procs`), "1\n"); // a plain directory: not empty
    expect(removeHostCgroupDirsSync(ID, r)).toEqual([path.join(r, `cpu/docker/${ID}`)]);
    expect(hostCgroupDirsOf("other", r)).toEqual([path.join(r, "memory/docker/other")]);
  });
});
