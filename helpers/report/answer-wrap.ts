/** Word wrapping for the answer in a terminal: long lines continue under an indent, nothing is lost. Pure. */

/** Splits a word longer than `max` into pieces of at most `max` characters. */
function pieces(word: string, max: number): string[] {
  if (word.length <= max) return [word];
  const out: string[] = [];
  for (let i = 0; i < word.length; i += max) out.push(word.slice(i, i + max));
  return out;
}

/**
 * `text` wrapped at spaces into lines of at most `width` characters: the first line starts with `first`, the
 * others with `rest` (both counted in the width).
 */
export function wrapText(text: string, width: number, first: string, rest: string = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    for (const piece of pieces(word, Math.max(8, width - rest.length))) {
      const candidate = empty ? `${line}${piece}` : `${line} ${piece}`;
      if (!empty && candidate.length > width) {
        lines.push(line);
        line = `${rest}${piece}`;
      } else line = candidate;
      empty = false;
    }
  }
  lines.push(line);
  return lines;
}
