/**
 * The only place that talks to Allure: parameters, description and evidence attachments for one result.
 * Our own results.json stays the record; Allure is a view of it.
 */
import * as allure from "allure-js-commons";
import type { FindingResult } from "./results-schema.js";
import type { ProvidedCell } from "../sandbox/provided-cell.js";

export async function describeForAllure(result: FindingResult, cell: ProvidedCell): Promise<void> {
  await allure.epic(result.findingId.split("/")[0] ?? "findings");
  await allure.feature(result.findingId);
  await allure.description(
    `${result.claim}\n\nSource: research log, experiment ${result.source.experiment}, "${result.source.section}".`,
  );
  for (const [name, value] of Object.entries(cell.info.dimensions)) await allure.parameter(name, value);
  await allure.parameter("cell", cell.id);
  await allure.parameter("verdict", result.verdict ?? "none");
  await allure.parameter("expected", result.expected.join(" | "));
  for (const item of result.evidence) {
    const body = item.kind === "text" ? item.text : JSON.stringify(item[item.kind as keyof typeof item], null, 2);
    await allure.attachment(item.label, body, item.kind === "text" ? "text/plain" : "application/json");
  }
}
