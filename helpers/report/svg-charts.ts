/** Small inline SVG charts (no library, no external URL): count bars, sorted-value lines, grouped bars. */
import { esc } from "./html-escape.js";
import { percentile } from "./stats.js";
import { formatNumber } from "./text-format.js";

/** A bar of a bar chart; `color` is any CSS colour. */
export interface Bar {
  label: string;
  value: number;
  color?: string;
}

/** A group of bars (one per series) under one label, e.g. a cell's p50/p99/max. */
export interface BarGroup {
  label: string;
  title?: string;
  bars: Bar[];
}

const PALETTE = ["#4c78a8", "#f58518", "#8c564b", "#54a24b", "#b279a2", "#e45756"];

const svgOpen = (w: number, h: number, title: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`;

/** Horizontal bars with their values, e.g. trial counts per verdict. */
export function svgCountBars(bars: readonly Bar[], title: string): string {
  const labelW = 110;
  const barW = 200;
  const rowH = 20;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = bars.length * rowH + 4;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 2;
    const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * barW);
    const color = b.color ?? PALETTE[i % PALETTE.length];
    return (
      `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${esc(color ?? "#888")}" rx="2"/>` +
      `<text x="${labelW + w + 4}" y="${y + 13}">${esc(formatNumber(b.value))}</text>`
    );
  });
  return `${svgOpen(labelW + barW + 50, h, title)}${rows.join("")}</svg>`;
}

/** Sorted values as a line (x = rank, y = value), with dashed p50 and p99 lines: the shape of a distribution. */
export function svgSortedValues(values: readonly number[], unit: string, title: string): string {
  const w = 380;
  const h = 150;
  const pad = { l: 52, r: 12, t: 20, b: 24 };
  if (values.length === 0) return `${svgOpen(w, 30, title)}<text x="4" y="18">no values</text></svg>`;
  const sorted = [...values].sort((a, b) => a - b);
  const max = Math.max(sorted[sorted.length - 1] as number, 0) || 1;
  const min = Math.min(sorted[0] as number, 0);
  const x = (i: number): number =>
    pad.l + (sorted.length === 1 ? 0.5 : i / (sorted.length - 1)) * (w - pad.l - pad.r);
  const y = (v: number): number => h - pad.b - ((v - min) / (max - min)) * (h - pad.t - pad.b);
  const points = sorted.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const marks = ([50, 99] as const).map((p, i) => {
    const v = percentile(sorted, p);
    const yy = y(v).toFixed(1);
    return `<line x1="${pad.l}" x2="${w - pad.r}" y1="${yy}" y2="${yy}" class="mark"/><text x="${pad.l + 4 + i * 64}" y="${Number(yy) - 3}" class="mark-label">p${p} ${esc(formatNumber(v))}</text>`;
  });
  const axes =
    `<line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${h - pad.b}" class="axis"/>` +
    `<line x1="${pad.l}" x2="${w - pad.r}" y1="${h - pad.b}" y2="${h - pad.b}" class="axis"/>` +
    `<text x="${pad.l - 4}" y="${pad.t + 8}" text-anchor="end">${esc(formatNumber(max))}</text>` +
    `<text x="${pad.l - 4}" y="${h - pad.b}" text-anchor="end">${esc(formatNumber(min))}</text>` +
    `<text x="4" y="11">${esc(unit)}</text>` +
    `<text x="${(w + pad.l) / 2}" y="${h - 6}" text-anchor="middle">${sorted.length} values, sorted</text>`;
  return `${svgOpen(w, h, title)}${axes}${marks.join("")}<polyline points="${points}" class="series"/></svg>`;
}

/** Vertical bars grouped per label (e.g. per cell), with a series legend and a value on each bar. */
export function svgGroupedBars(groups: readonly BarGroup[], unit: string, title: string): string {
  const series = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const barW = 28;
  const groupW = series.length * barW + 18;
  const pad = { l: 52, r: 12, t: 26, b: 22 };
  const w = Math.max(260, pad.l + pad.r + groups.length * groupW);
  const h = 190;
  const max = Math.max(0, ...groups.flatMap((g) => g.bars.map((b) => b.value))) || 1;
  const y = (v: number): number => h - pad.b - (Math.max(0, v) / max) * (h - pad.t - pad.b);
  const color = (name: string): string => PALETTE[series.indexOf(name) % PALETTE.length] as string;
  const legend = series.map(
    (s, i) =>
      `<rect x="${pad.l + i * 70}" y="4" width="10" height="10" fill="${color(s)}"/><text x="${pad.l + i * 70 + 14}" y="13">${esc(s)}</text>`,
  );
  const bars = groups.map((g, gi) => {
    const gx = pad.l + gi * groupW + 9;
    const rects = g.bars.map((b) => {
      const bx = gx + series.indexOf(b.label) * barW;
      const by = y(b.value);
      return `<rect x="${bx}" y="${by.toFixed(1)}" width="${barW - 3}" height="${(h - pad.b - by).toFixed(1)}" fill="${color(b.label)}"><title>${esc(`${g.title ?? g.label} ${b.label}: ${formatNumber(b.value)} ${unit}`)}</title></rect><text x="${bx + (barW - 3) / 2}" y="${(by - 3).toFixed(1)}" text-anchor="middle" class="val">${esc(formatNumber(b.value))}</text>`;
    });
    const label = `<text x="${gx + (series.length * barW) / 2}" y="${h - 6}" text-anchor="middle">${esc(g.label)}<title>${esc(g.title ?? g.label)}</title></text>`;
    return rects.join("") + label;
  });
  const axis =
    `<line x1="${pad.l}" x2="${w - pad.r}" y1="${h - pad.b}" y2="${h - pad.b}" class="axis"/>` +
    `<text x="${pad.l - 4}" y="${pad.t + 8}" text-anchor="end">${esc(formatNumber(max))}</text>` +
    `<text x="${pad.l - 4}" y="${h - pad.b}" text-anchor="end">0 ${esc(unit)}</text>`;
  return `${svgOpen(w, h, title)}${legend.join("")}${axis}${bars.join("")}</svg>`;
}
