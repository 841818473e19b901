/** The two numbers that explain the race: runc's window and the faker's reaction, from their own records. */

/** Reaction of our faker to one directory (its JSON `filled` line), in ms since creation or detection. */
export function fakerReaction(log: string, dirPart: string): { doneMs: number; clock: string } | null {
  for (const line of log.split("\n")) {
    if (!line.includes(dirPart) || !line.includes('"event":"filled"')) continue;
    try {
      const e = JSON.parse(line) as { doneUs: number; clock: string };
      return { doneMs: e.doneUs / 1000, clock: e.clock };
    } catch {
      // not a JSON line
    }
  }
  return null;
}

export function describeRace(windowMs: number | null, reaction: { doneMs: number; clock: string } | null): string {
  const w = windowMs === null ? "runc window n/a" : `runc window ${windowMs.toFixed(2)} ms (traced)`;
  const r = reaction
    ? `faker done ${reaction.doneMs.toFixed(2)} ms after the directory's ${reaction.clock === "ctime" ? "creation" : "detection"}`
    : "faker reaction not in its log (the log's bash script prints whole seconds)";
  return `${w}; ${r}`;
}
