/**
 * What unblocks a stopped pod, as measured: the cells that differ from its cell in exactly one dimension and
 * where the pod runs. Of several releases that would do, the nearest one (in days; the newer on a tie). Pure.
 */
import { compareReleasesNewestFirst, releaseDate } from "../host/runsc-binary.js";
import { differingAxes, type CellShape } from "./answer-cell-shape.js";
import { describeChange } from "./answer-change-words.js";
import { CELL_AXES, type CellAxis, type PodStatus, type Unblock } from "./answer-model.js";

/** A cell whose pod was measured. */
export interface MeasuredPod {
  shape: CellShape;
  status: PodStatus;
}

interface Neighbour {
  axis: CellAxis;
  shape: CellShape;
}

/** Days between two releases' dates (YYYYMMDD); unknown dates are far. */
function daysApart(a: string, b: string): number {
  const day = (r: string): number => {
    const d = releaseDate(r);
    return d.length === 8 ? Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6))) : NaN;
  };
  const days = Math.abs(day(a) - day(b)) / 86_400_000;
  return Number.isFinite(days) ? days : Number.MAX_SAFE_INTEGER;
}

/** The one-dimension neighbours of a cell where the pod runs. */
function runningNeighbours(stopped: MeasuredPod, measured: readonly MeasuredPod[]): Neighbour[] {
  return measured.flatMap((other) => {
    if (other.status.kind !== "runs") return [];
    const axes = differingAxes(stopped.shape, other.shape);
    const axis = axes[0];
    return axes.length === 1 && axis !== undefined ? [{ axis, shape: other.shape }] : [];
  });
}

/** Only the nearest release among release neighbours. */
function nearestRelease(from: CellShape, found: readonly Neighbour[]): Neighbour[] {
  const releases = found.filter((n) => n.axis === "release");
  const nearest = [...releases].sort(
    (a, b) =>
      daysApart(from.release, a.shape.release) - daysApart(from.release, b.shape.release) ||
      compareReleasesNewestFirst(a.shape.release, b.shape.release),
  )[0];
  return found.filter((n) => n.axis !== "release" || n === nearest);
}

/** The one-dimension neighbours where the pod runs, setup changes first; [] when no measured cell runs it. */
export function unblockersOf(stopped: MeasuredPod, measured: readonly MeasuredPod[]): Unblock[] {
  const found = nearestRelease(stopped.shape, runningNeighbours(stopped, measured));
  found.sort(
    (a, b) =>
      CELL_AXES.indexOf(a.axis) - CELL_AXES.indexOf(b.axis) || a.shape.cellId.localeCompare(b.shape.cellId),
  );
  return found.map(({ axis, shape }) => ({
    axis,
    change: describeChange(axis, stopped.shape, shape),
    cellId: shape.cellId,
  }));
}
