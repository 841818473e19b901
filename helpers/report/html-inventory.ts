/** The per-cell inventory (evidence, not verdicts) as one comparison table: inventory items x cells. */
import { esc } from "./html-escape.js";
import type { MatrixModel } from "./matrix-model.js";

/** One inventory value in a few words: a syscall probe as `ok` / its errno, lists joined. */
export function inventoryValue(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(String).join("; ");
  if (typeof value === "object" && "implemented" in value) {
    const v = value as { implemented: boolean; errno: string | null };
    return v.errno === null ? "works" : v.implemented ? `implemented (${v.errno})` : `missing (${v.errno})`;
  }
  return String(value);
}

export function renderInventory(model: MatrixModel): string {
  const keys = [...new Set(model.columns.flatMap((c) => Object.keys(c.cell?.inventory ?? {})))];
  if (keys.length === 0) return "";
  const head = model.columns.map((c) => `<th title="${esc(c.cellId)}">${c.number}</th>`).join("");
  const rows = keys.map((key) => {
    const values = model.columns.map((c) => `<td>${esc(inventoryValue(c.cell?.inventory?.[key]))}</td>`);
    return `<tr><th>${esc(key)}</th>${values.join("")}</tr>`;
  });
  return (
    `<h2 id="inventory">Inventory</h2><p>Recorded per cell as evidence, not verdicts: it explains the findings.</p>` +
    `<table class="cells inventory"><thead><tr><th>item</th>${head}</tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}
