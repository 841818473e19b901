/** A started, observed cell as test workers receive it (plain JSON through vitest's provide/inject). */
import type {} from "vitest";
import type { Cell } from "../env/cell.js";
import type { CellInfo } from "../report/results-schema.js";
import type { EvidenceItem } from "../finding/evidence.js";

export interface ProvidedCell extends Cell {
  containerId: string;
  info: CellInfo;
  /** What observation ran, as evidence for findings about the environment itself. */
  observationEvidence: EvidenceItem[];
}

declare module "vitest" {
  export interface ProvidedContext {
    cells: ProvidedCell[];
  }
}
