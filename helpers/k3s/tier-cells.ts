/**
 * Which cells run the k3s tier: declared in fixtures/cells.json (`k3sTier`, with its reasons), as patterns over
 * the cell id without its runtime (`bookworm.native.no-faker`: every runtime) or with it
 * (`runsc-20240729.bookworm.overlay-memory.*`). `cluster` cells run every k3s finding; `pods` cells the pod ones;
 * `except` names cells (with their runtime) that run none of it, its reason in `exceptWhy`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { CellDimensions } from "../env/cell.js";
import { RELEASE_NAME_SOURCE } from "../host/runsc-binary.js";

const CELLS_FILE = path.resolve(import.meta.dirname, "../../fixtures/cells.json");

const tierSchema = z
  .object({
    $comment: z.string(),
    cluster: z.array(z.string()).nonempty(),
    pods: z.array(z.string()).nonempty(),
    /** Full cell ids (patterns) that run no part of the tier although a pattern above names them. */
    except: z.array(z.string()).optional(),
    exceptWhy: z.string().optional(),
  })
  .strict();
export type K3sTierCells = z.infer<typeof tierSchema>;

export function readK3sTierCells(file = CELLS_FILE): K3sTierCells {
  const raw = JSON.parse(readFileSync(file, "utf8")) as { k3sTier?: unknown };
  const parsed = tierSchema.safeParse(raw.k3sTier);
  if (!parsed.success)
    throw new Error(
      `${path.basename(file)}: k3sTier is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/** `bookworm.native.no-faker`: a cell id without its runtime. */
export function cellShape(d: Pick<CellDimensions, "image" | "cgroupSetup" | "faker">): string {
  return [d.image, d.cgroupSetup, d.faker === "none" ? "no-faker" : `faker-${d.faker}`].join(".");
}

const matches = (pattern: string, text: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`).test(text);

/**
 * Why: the tier's cells are data; null = the cell does not run the tier. A pattern without a runtime names the
 * cell in every release's own runtime (`runsc-<release>`, `runc`), not in its platform variants
 * (`runsc-<release>-platform-ptrace`): those run the tier only where a pattern names them with their runtime.
 */
export function k3sTierRole(
  d: CellDimensions,
  tier: K3sTierCells = readK3sTierCells(),
  runtimeName: string = d.runtime === "runc" ? "runc" : `runsc-${d.release}`,
): "cluster" | "pods" | null {
  const shape = cellShape(d);
  const id = `${runtimeName}.${shape}`;
  const ownRuntime = runtimeName === "runc" || new RegExp(`^runsc-${RELEASE_NAME_SOURCE}$`).test(runtimeName);
  const any = (patterns: readonly string[]) =>
    patterns.some((p) => (ownRuntime && matches(p, shape)) || matches(p, id));
  if ((tier.except ?? []).some((p) => matches(p, id))) return null;
  if (any(tier.cluster)) return "cluster";
  if (any(tier.pods)) return "pods";
  return null;
}
