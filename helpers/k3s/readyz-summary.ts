/**
 * One progress line for a failed readiness observation. A booting API server answers `/readyz` with every check
 * it runs (40 of them, `[+]x ok` / `[-]x failed`, escaped into one kubectl error line); progress names the
 * failing ones. The evidence keeps the whole answer.
 */
export function summarizeReadinessError(error: string, max = 240): string {
  const text = error.replace(/\\n/g, "\n");
  const failing = [...text.matchAll(/^\[-\](\S+) failed/gm)].map((m) =>
    (m[1] ?? "").replace(/^poststarthook\//, ""),
  );
  if (failing.length > 0) {
    const head = text.slice(0, text.search(/:\s*(Error from server|an error on the server)/)).trim();
    const shown = failing.slice(0, 4).join(", ");
    const more = failing.length > 4 ? ` and ${failing.length - 4} more` : "";
    return `${head === "" ? "" : `${head}: `}not ready: ${shown}${more} failing`;
  }
  const line = error.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
