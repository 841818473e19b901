/** Common `appliesTo` rules: each returns null when a finding runs in a cell, else a visible skip reason. */
import type { CellDimensions } from "../env/cell.js";

/** Runs only in cells with one of the given faker modes. */
export const withFaker =
  (...modes: CellDimensions["faker"][]) =>
  (cell: CellDimensions): string | null =>
    modes.includes(cell.faker) ? null : `needs faker ${modes.join(" or ")} (this cell: ${cell.faker})`;

/** Kernel behaviour, independent of the image: measured in the bookworm cells without a faker. */
export const kernelOnly = (cell: CellDimensions): string | null =>
  cell.faker === "none" && cell.image === "bookworm"
    ? null
    : `measures the sandbox kernel: bookworm cells without faker only (this cell: ${cell.image}, faker ${cell.faker})`;

/** Independent of cgroups and image: measured once per runtime, in its bookworm native cell without faker. */
export const onlyNative = (cell: CellDimensions): string | null =>
  cell.cgroupSetup === "native" && cell.faker === "none" && cell.image === "bookworm"
    ? null
    : `measured once per runtime, in the bookworm native cell without faker (this cell: ${cell.image}, ${cell.cgroupSetup}, faker ${cell.faker})`;

/** Runs only in the native cells without faker; `why` says what those cells give the finding. */
export const nativeWithoutFaker =
  (why: string) =>
  (cell: CellDimensions): string | null =>
    cell.cgroupSetup === "native" && cell.faker === "none"
      ? null
      : `measured in the native cells without faker, ${why} (this cell: ${cell.cgroupSetup}, faker ${cell.faker})`;
