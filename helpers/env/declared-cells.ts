/** The declared, sparse cell list (fixtures/cells.json) applied to the discovered runtimes, then filtered. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  CGROUP_SETUPS,
  declaredPlatform,
  FAKER_MODES,
  IMAGE_SUITES,
  makeCell,
  type Cell,
  type Runtime,
} from "./cell.js";
import { compareReleasesNewestFirst, RELEASE_NAME } from "../host/runsc-binary.js";
import { matchesAny, patternRegExp, unmatchedPatterns } from "./patterns.js";

const CELLS_FILE = path.resolve(import.meta.dirname, "../../fixtures/cells.json");

const templateSchema = z
  .object({
    runtimes: z.array(z.enum(["runsc", "runc"])).nonempty(),
    image: z.enum(IMAGE_SUITES),
    cgroupSetup: z.enum(CGROUP_SETUPS),
    faker: z.enum(FAKER_MODES),
    default: z.boolean(),
    /** Default only for these gVisor releases (and the runc baseline); other releases get it on request. */
    defaultReleases: z
      .array(
        z
          .string()
          .regex(
            new RegExp(`${RELEASE_NAME.source}|^newest$`),
            'a release, YYYYMMDD, a go-branch snapshot, goYYYYMMDD-<12 hex>, or "newest"',
          ),
      )
      .nonempty()
      .optional(),
    /**
     * Runtimes (id patterns with `*`, e.g. `runsc-*-in-sandbox-cgroup-v2`) the template is not default for,
     * although `defaultReleases` names their release: the variant of a build that repeats its own cell.
     */
    defaultExceptRuntimes: z.array(z.string().min(1)).nonempty().optional(),
    /**
     * Which platform variants (fixtures/runsc-platforms.json: runtimes registered with `--platform=`) the
     * template is for. Absent: the releases' own runtimes (their default platform) and the runc baseline.
     */
    platforms: z
      .array(z.enum(["systrap", "ptrace", "kvm"]))
      .nonempty()
      .optional(),
  })
  .strict();
const fileSchema = z
  .object({
    $comment: z.string().optional(),
    cells: z.array(templateSchema),
    /** Releases whose cells run only on request (`--cells all` or by id), each with the measured reason. */
    outOfDefault: z
      .array(
        z.object({ release: z.string().regex(RELEASE_NAME, "a release name"), why: z.string().min(1) }).strict(),
      )
      .optional(),
    k3sTier: z.unknown().optional(),
  })
  .strict();
type CellsFile = z.infer<typeof fileSchema>;

export class ConfigError extends Error {}

export interface DeclaredCell extends Cell {
  isDefault: boolean;
}

export function readCellTemplates(file = CELLS_FILE): z.infer<typeof templateSchema>[] {
  return readCellsFile(file).cells;
}

export function readCellsFile(file = CELLS_FILE): CellsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path.relative(process.cwd(), file)}: not valid JSON: ${String(error)}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(top)"}: ${i.message}`);
    throw new ConfigError(`${path.relative(process.cwd(), file)} is malformed:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The newest gVisor build among the runtimes (not a one-off's): what `"newest"` in defaultReleases stands for. */
export function newestRelease(runtimes: readonly Runtime[]): string | null {
  const releases = runtimes.flatMap((r) => (r.kind === "runsc" && r.oneOff !== true ? [r.release] : []));
  return [...new Set(releases)].filter((r) => r !== "unknown").sort(compareReleasesNewestFirst)[0] ?? null;
}

/** Why: a new release gets the cells every release needs by default, and the rest of the matrix on request. */
function isDefaultFor(
  t: z.infer<typeof templateSchema>,
  r: Runtime,
  context: { newest: string | null; outOfDefault: ReadonlySet<string> },
): boolean {
  if (!t.default) return false;
  if (r.kind === "runc") return true;
  if (context.outOfDefault.has(r.release)) return false;
  if ((t.defaultExceptRuntimes ?? []).some((p) => patternRegExp(p).test(r.name))) return false;
  if (t.defaultReleases === undefined) return true;
  return t.defaultReleases.some((d) => d === r.release || (d === "newest" && r.release === context.newest));
}

/**
 * Why: a platform variant gets only the templates naming its platform, so that adding the dimension does not
 * double the matrix. A one-off runtime (`--runsc ... --runsc-flags=--platform=kvm`) is asked for as a whole
 * and gets every template, whatever its flags.
 */
function templateFits(t: z.infer<typeof templateSchema>, r: Runtime): boolean {
  if (!t.runtimes.includes(r.kind)) return false;
  if (r.kind === "runc") return t.platforms === undefined;
  if (r.oneOff === true) return t.platforms === undefined;
  const platform = declaredPlatform(r.runtimeArgs);
  return platform === null ? t.platforms === undefined : (t.platforms ?? []).some((p) => p === platform);
}

export function declaredCells(runtimes: readonly Runtime[], file = CELLS_FILE): DeclaredCell[] {
  const cellsFile = readCellsFile(file);
  const context = {
    newest: newestRelease(runtimes),
    outOfDefault: new Set((cellsFile.outOfDefault ?? []).map((o) => o.release)),
  };
  return cellsFile.cells.flatMap((t) =>
    runtimes
      .filter((r) => templateFits(t, r))
      .map((r) => ({ ...makeCell(r, t.image, t.cgroupSetup, t.faker), isDefault: isDefaultFor(t, r, context) })),
  );
}

/** A one-off runtime (`--runsc` of an earlier run) runs only when a run names it. */
function inDefaultRuns(cell: DeclaredCell): boolean {
  return !(cell.runtime.kind === "runsc" && cell.runtime.oneOff === true);
}

/** What cell ids look like, compactly: the runtimes and the words of each dimension. */
export function cellPatternHint(cells: readonly DeclaredCell[]): string {
  const runtimes = [...new Set(cells.map((c) => c.runtime.name))];
  const words = (pick: (c: DeclaredCell) => string): string => [...new Set(cells.map(pick))].join("|");
  return (
    `cell ids are RUNTIME.IMAGE.CGROUPS.FAKER with RUNTIME ${runtimes.join("|") || "(none discovered)"}, ` +
    `IMAGE ${words((c) => c.image)}, CGROUPS ${words((c) => c.cgroupSetup)}, ` +
    `FAKER ${words((c) => (c.faker === "none" ? "no-faker" : `faker-${c.faker}`))}; ` +
    "e.g. runsc-20240729.*, *.sid.*, or all"
  );
}

/**
 * `--cells`: absent = the default cells; `all` = every declared cell; otherwise comma-separated patterns
 * matched against cell ids (`*` wildcard), e.g. `runsc-20240729.*` or `*.sid.*`. Absent and `all` leave out
 * one-off runtimes; a pattern that names their cells selects them. Each pattern must match a cell.
 */
export function selectCells(cells: readonly DeclaredCell[], filter: string | undefined): DeclaredCell[] {
  if (!filter) return cells.filter((c) => c.isDefault && inDefaultRuns(c));
  if (filter === "all") return cells.filter(inDefaultRuns);
  const bad = unmatchedPatterns(
    filter,
    cells.map((c) => c.id),
  );
  if (bad.length > 0) throw new ConfigError(`--cells ${bad.join(",")} matches no cell; ${cellPatternHint(cells)}`);
  return cells.filter((c) => matchesAny(c.id, filter));
}
