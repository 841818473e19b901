/**
 * Platform variants of the registered releases (fixtures/runsc-platforms.json): the same runsc binary under
 * another runtime name with `--platform=<platform>`, so that platform is a dimension of the default matrix.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { compareReleasesNewestFirst, RELEASE_NAME, releaseOfRuntimeName } from "./runsc-binary.js";
import { runtimeNameFor, type RuntimeRegistration } from "./runtime-registry.js";

const PLATFORMS_FILE = path.resolve(import.meta.dirname, "../../fixtures/runsc-platforms.json");

const fileSchema = z
  .object({
    $comment: z.string().optional(),
    variants: z.array(
      z
        .object({
          release: z
            .string()
            .regex(
              new RegExp(`${RELEASE_NAME.source}|^newest$`),
              'a release, YYYYMMDD, a go-branch snapshot, goYYYYMMDD-<12 hex>, or "newest"',
            ),
          platforms: z.array(z.enum(["systrap", "ptrace", "kvm"])).nonempty(),
        })
        .strict(),
    ),
  })
  .strict();
export type RunscPlatformsFile = z.infer<typeof fileSchema>;

export function readPlatformsFile(file = PLATFORMS_FILE): RunscPlatformsFile {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new Error(
      `${path.basename(file)} is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/**
 * Why: a variant runs the binary its release was registered with; a release that is not registered (not
 * installed or built on this host) has no variants, said rather than failed.
 */
export function platformRegistrations(
  file: RunscPlatformsFile,
  releases: readonly RuntimeRegistration[],
): { registrations: RuntimeRegistration[]; missing: string[] } {
  const registrations: RuntimeRegistration[] = [];
  const missing: string[] = [];
  const newest =
    releases
      .filter((r) => r.oneOff !== true)
      .flatMap((r) => {
        const release = releaseOfRuntimeName(r.name);
        return release ? [release] : [];
      })
      .sort(compareReleasesNewestFirst)[0] ?? null;
  for (const v of file.variants) {
    const release = v.release === "newest" ? newest : v.release;
    const base = release ? releases.find((r) => r.name === runtimeNameFor(release, [])) : undefined;
    if (!release || !base) {
      missing.push(v.release);
      continue;
    }
    for (const platform of v.platforms) {
      const flag = `--platform=${platform}`;
      const args = [...base.runtimeArgs.filter((a) => !a.startsWith("--platform=")), flag];
      registrations.push({ name: runtimeNameFor(release, [flag]), path: base.path, runtimeArgs: args });
    }
  }
  return { registrations, missing };
}
