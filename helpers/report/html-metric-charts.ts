/** The "Charts" section: per finding with metrics, one grouped-bar chart per metric comparing p50/p99/max per cell. */
import { esc } from "./html-escape.js";
import type { MatrixModel } from "./matrix-model.js";
import { summarize } from "./stats.js";
import { svgGroupedBars, type BarGroup } from "./svg-charts.js";

/** One figure per (finding, metric name); empty string when no finding has metrics. */
export function renderMetricCharts(model: MatrixModel): string {
  const figures: string[] = [];
  model.rows.forEach((row, i) => {
    const byName = new Map<string, { unit: string; groups: BarGroup[] }>();
    model.columns.forEach((column, j) => {
      for (const metric of model.entries[i]?.[j]?.metrics ?? []) {
        const s = summarize(metric.values);
        if (s === null) continue;
        const chart = byName.get(metric.name) ?? { unit: metric.unit, groups: [] };
        chart.groups.push({
          label: String(column.number),
          title: column.cellId,
          bars: [
            { label: "p50", value: s.p50 },
            { label: "p99", value: s.p99 },
            { label: "max", value: s.max },
          ],
        });
        byName.set(metric.name, chart);
      }
    });
    for (const [name, { unit, groups }] of byName) {
      const title = `${row.findingId}: ${name} (${unit}) per cell`;
      figures.push(
        `<figure><figcaption><a href="#f-${i}"><code>${esc(row.findingId)}</code></a> · ${esc(name)} (${esc(unit)}), per cell number</figcaption>${svgGroupedBars(groups, unit, title)}</figure>`,
      );
    }
  });
  return figures.length === 0 ? "" : `<h2 id="charts">Charts</h2><div class="charts">${figures.join("")}</div>`;
}
