import { describe, expect, test } from "vitest";
import { goArgv } from "../../helpers/host/go-build.js";
import { releaseOf } from "../../helpers/host/runsc-binary.js";
import { readReleasesFile } from "../../helpers/host/runsc-install.js";
import {
  expectedVersionLine,
  goBuildFor,
  parseSourceReleases,
  readSourceReleasesFile,
  versionLdflag,
} from "../../helpers/host/runsc-source-build.js";

const file = readSourceReleasesFile();
const byRelease = (release: string) => {
  const spec = file.releases.find((r) => r.release === release);
  if (!spec) throw new Error(`no release ${release} in fixtures/runsc-source-releases.json`);
  return spec;
};

describe("fixtures/runsc-source-releases.json", () => {
  test("parses, and pins the proxy's newest go-branch snapshot, the newest readable release and one a year older", () => {
    expect(file.package).toBe("gvisor.dev/gvisor/runsc");
    expect(file.releases.map((r) => r.release)).toEqual(["go20260905-160fafc42237", "20260520", "20250505"]);
    const head = byRelease("go20260905-160fafc42237");
    expect(head.version).toBe("go-branch-v0.0.0-20260905035102-160fafc42237");
    expect(head.precedingRelease).toBe("release-20260817.0");
    expect(byRelease("20260520").moduleVersion).toBe("v0.0.0-20260527191743-a81fd9dd382e");
    expect(byRelease("20250505").moduleVersion).toBe("v0.0.0-20250503011706-39ed1f5ac29c");
  });
  test("no source release collides with a Debian one (they share the install folder and runtime names)", () => {
    const debian = new Set(readReleasesFile().releases.map((r) => r.release));
    for (const r of file.releases) expect(debian.has(r.release)).toBe(false);
  });
  test("refuses a version that does not name its release, and a module version of another commit", () => {
    const good = JSON.parse(JSON.stringify(file)) as typeof file;
    const first = good.releases[1];
    if (!first) throw new Error("empty");
    expect(() =>
      parseSourceReleases(JSON.stringify({ ...good, releases: [{ ...first, release: "20260525" }] })),
    ).toThrow(/does not name release 20260525/);
    expect(() =>
      parseSourceReleases(
        JSON.stringify({ ...good, releases: [{ ...first, moduleVersion: "v0.0.0-20260518063529-209a0ce076a1" }] }),
      ),
    ).toThrow(/is not a81fd9dd/);
    expect(() => parseSourceReleases(JSON.stringify({ ...good, releases: [first, first] }))).toThrow(/twice/);
    expect(() =>
      parseSourceReleases(JSON.stringify({ ...good, releases: [{ ...first, version: "6c1a3ba" }] })),
    ).toThrow(/release-YYYYMMDD/);
  });
  test("a go-branch snapshot is never given a release tag: stamped with its pseudo-version, named by its date and commit", () => {
    const good = JSON.parse(JSON.stringify(file)) as typeof file;
    const head = good.releases[0];
    if (!head) throw new Error("empty");
    const parse = (over: object) => () =>
      parseSourceReleases(JSON.stringify({ ...good, releases: [{ ...head, ...over }] }));
    expect(parse({})).not.toThrow();
    expect(parse({ version: "release-20260905.0" })).toThrow(/does not name release go20260905/);
    expect(parse({ release: "20260905", version: "release-20260905.0" })).toThrow(
      /a snapshot is stamped|sourceCommit/,
    );
    expect(parse({ goBranchCommit: "0123456789ab" })).toThrow(/is not 0123456789ab/);
    expect(parse({ precedingRelease: "20260817" })).toThrow(/release-YYYYMMDD\.N/);
    const release = good.releases[1];
    if (!release) throw new Error("empty");
    expect(() =>
      parseSourceReleases(
        JSON.stringify({ ...good, releases: [{ ...release, precedingRelease: "release-20260513.0" }] }),
      ),
    ).toThrow(/for go-branch snapshots only/);
  });
});

describe("version stamping", () => {
  test("go install of the pinned go-branch version, without cgo, with the version variable set at link time", () => {
    const spec = byRelease("20260520");
    expect(versionLdflag(file, spec)).toBe(
      "-X gvisor.dev/gvisor/runsc/version.version=release-20260520.0-41-g852e260897f8",
    );
    const { argv, env } = goArgv(goBuildFor(file, spec), "/out");
    expect(argv).toEqual([
      "go",
      "install",
      "-v",
      "-trimpath",
      "-ldflags=-s -w -X gvisor.dev/gvisor/runsc/version.version=release-20260520.0-41-g852e260897f8",
      "gvisor.dev/gvisor/runsc@v0.0.0-20260527191743-a81fd9dd382e",
    ]);
    expect(env).toMatchObject({ CGO_ENABLED: "0", GOBIN: "/out", GOTOOLCHAIN: "local" });
  });
  test("a build without ldflags keeps the plain -s -w", () => {
    const { argv } = goArgv(
      { name: "x", source: { kind: "install", pkg: "a/b", version: "v1.0.0" }, cgo: false, tags: [] },
      "/o",
    );
    expect(argv).toContain("-ldflags=-s -w");
  });
  test("the stamped version line names the release the harness verifies cells by", () => {
    for (const spec of file.releases) expect(releaseOf(expectedVersionLine(spec))).toBe(spec.release);
    expect(expectedVersionLine(byRelease("20250505"))).toBe("runsc version release-20250505.0");
    expect(releaseOf("runsc version release-20260520.0-41-g852e260897f8")).toBe("20260520");
    expect(releaseOf("runsc version go-branch-v0.0.0-20260905035102-160fafc42237")).toBe(
      "go20260905-160fafc42237",
    );
  });
});
