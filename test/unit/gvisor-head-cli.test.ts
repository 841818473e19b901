/**
 * `npm run conformance -- --gvisor ...` up to the point where it would need the engine, with stand-ins for `go`
 * and `docker` on PATH (and `--skip-setup`): nothing real is built, registered or started. The stand-in docker
 * always fails, so every path that gets past `--gvisor` ends at the engine with exit 2.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, test } from "vitest";
import { readSourceReleasesFile } from "../../helpers/host/runsc-source-build.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const work = mkdtempSync(path.join(os.tmpdir(), "gvc-head-cli-"));
const bin = path.join(work, "bin");
mkdirSync(bin);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function script(name: string, body: string): void {
  writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(path.join(bin, name), 0o755);
}
script("docker", 'echo "Cannot connect to the Docker daemon (stand-in)" >&2\nexit 1');
script(
  "go",
  [
    'case "$1" in',
    '  list) if [ -n "$FAKE_GO_LIST" ]; then /bin/cat "$FAKE_GO_LIST"; exit 0; fi',
    '        echo "go: gvisor.dev/gvisor@latest: dial tcp: lookup proxy.golang.org: no such host" >&2; exit 1 ;;',
    "  env) echo go1.26.8 ;;",
    '  install) echo "gvisor.dev/gvisor/pkg/abi" >&2; echo "go: stand-in compile error" >&2; exit 1 ;;',
    "  *) exit 3 ;;",
    "esac",
  ].join("\n"),
);

function goListAnswer(moduleVersion: string): string {
  const file = path.join(work, `${moduleVersion}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      Path: "gvisor.dev/gvisor",
      Version: moduleVersion,
      Query: "latest",
      Time: "2026-12-03T06:02:11Z",
    }),
  );
  return file;
}

async function conformance(args: string[], env: Record<string, string> = {}) {
  const r = await execa(process.execPath, [TSX, "cli/conformance.ts", ...args], {
    cwd: ROOT,
    reject: false,
    all: true,
    timeout: 60_000,
    extendEnv: false,
    env: {
      PATH: bin,
      HOME: work,
      GVC_CACHE_DIR: path.join(work, "cache"),
      GVC_RUNSC_DIR: path.join(work, "runsc"),
      GVC_DOCKER_DAEMON_JSON: path.join(work, "daemon.json"),
      GVC_RUNTIMES_STATE: path.join(work, "runtimes.json"),
      ...env,
    },
  });
  return { code: r.exitCode, out: String(r.all ?? "") };
}

describe.concurrent("conformance --gvisor (stand-in go and docker)", { timeout: 60_000 }, () => {
  test("a value that is neither head nor a pinned release: the valid choices, exit 2, nothing started", async () => {
    const r = await conformance(["--skip-setup", "--gvisor", "20991231"]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(
      /conformance: --gvisor "20991231" is neither head nor a pinned gVisor release .*valid: head, /,
    );
    expect(r.out).not.toMatch(/Docker|cell\(s\) selected/);
  });

  test("--gvisor with --runsc is refused", async () => {
    const r = await conformance(["--skip-setup", "--gvisor", "20240729", "--runsc", "/nonexistent/runsc"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("--gvisor and --runsc both choose the gVisor to check");
  });

  test("a proxy that does not answer: one line, then the pinned run goes on (here: to the missing engine)", async () => {
    const r = await conformance(["--skip-setup", "--gvisor", "head"]);
    expect(r.out).toContain(
      "conformance: gVisor head: the Go module proxy did not answer (go list exited 1: go: gvisor.dev/gvisor@latest: " +
        "dial tcp: lookup proxy.golang.org: no such host): running the pinned builds only",
    );
    expect(r.out).toMatch(/conformance: Command failed with exit code 1: docker info/);
    expect(r.code).toBe(2);
  });

  test("a head that is the newest pinned build is said to be it, and not built", async () => {
    const pinned = readSourceReleasesFile().releases[0];
    if (!pinned) throw new Error("no pinned source release");
    const r = await conformance(["--skip-setup", "--gvisor", "head"], {
      FAKE_GO_LIST: goListAnswer(pinned.moduleVersion),
    });
    expect(r.out).toContain(`IS the pinned ${pinned.release}: reusing it`);
    expect(r.out).not.toContain("building it");
    expect(r.code).toBe(2);
  });

  test("a head that does not build: one line, exit 2, nothing registered", async () => {
    const r = await conformance(["--skip-setup", "--gvisor", "head"], {
      FAKE_GO_LIST: goListAnswer("v0.0.0-20261203041500-0123456789ab"),
    });
    expect(r.out).toContain("is not pinned: building it");
    expect(r.out).toMatch(
      /conformance: gVisor head go20261203-0123456789ab: build failed: go install .*gvisor\.dev\/gvisor\/runsc@v0\.0\.0-20261203041500-0123456789ab exited with 1 after \d+ s; last line: go: stand-in compile error$/m,
    );
    expect(r.out).not.toMatch(/registering Docker runtime|one-off runtime/);
    expect(r.code).toBe(2);
  });
});
