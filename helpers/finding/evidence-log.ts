/** Collects a probe's evidence in order; every item says what it shows. */
import type { EvidenceItem, ExecRecord, ListingRecord, MetricRecord } from "./evidence.js";

export class EvidenceLog {
  readonly items: EvidenceItem[] = [];

  exec(label: string, exec: ExecRecord): ExecRecord {
    this.items.push({ label, kind: "exec", exec });
    return exec;
  }

  listing(label: string, listing: ListingRecord): void {
    this.items.push({ label, kind: "listing", listing });
  }

  metric(label: string, metric: MetricRecord): void {
    this.items.push({ label, kind: "metric", metric });
  }

  text(label: string, text: string): void {
    this.items.push({ label, kind: "text", text });
  }

  json(label: string, json: unknown): void {
    this.items.push({ label, kind: "json", json });
  }

  add(items: readonly EvidenceItem[]): void {
    this.items.push(...items);
  }
}
