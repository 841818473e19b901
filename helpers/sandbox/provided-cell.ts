/** A started, observed cell as test workers receive it (plain JSON through vitest's provide/inject). */
import type {} from "vitest";
import type { Cell } from "../env/cell.js";
import type { CellInfo } from "../report/results-schema.js";
import type { EvidenceItem } from "../finding/evidence.js";
import type { BlockedCell } from "../finding/blocked-cell.js";

export interface ProvidedCell extends Cell {
  containerId: string;
  info: CellInfo;
  /** What observation ran, as evidence for findings about the environment itself. */
  observationEvidence: EvidenceItem[];
  /** Set when the cell's sandbox did not come up: its findings are `blocked` (containerId is then ""). */
  blocked?: BlockedCell;
}

declare module "vitest" {
  export interface ProvidedContext {
    cells: ProvidedCell[];
  }
}
