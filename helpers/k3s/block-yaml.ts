/**
 * A reader for the block-style YAML subset that k3s and kubectl write: nested maps, lists (items at the key's
 * indent or deeper), plain and quoted scalars, `{}` and `[]`. Anything else (anchors, multi-line scalars,
 * flow collections with content) is refused with its line number rather than misread.
 */

interface Line {
  no: number;
  indent: number;
  text: string;
}

/** Why: k3s.yaml needs reading without a YAML dependency the project does not declare. */
export function parseBlockYaml(text: string): unknown {
  const lines: Line[] = text
    .split("\n")
    .map((raw, i) => ({ no: i + 1, indent: raw.length - raw.trimStart().length, text: raw.trim() }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#") && l.text !== "---");
  if (lines.length === 0) return null;
  const reader = { lines, i: 0 };
  const value = block(reader, (lines[0] as Line).indent);
  const extra = reader.lines[reader.i];
  if (extra) throw new Error(`line ${extra.no}: unexpected "${extra.text}"`);
  return value;
}

type Reader = { lines: Line[]; i: number };
const isItem = (l: Line): boolean => l.text === "-" || l.text.startsWith("- ");

function block(r: Reader, indent: number): unknown {
  const first = r.lines[r.i] as Line;
  return isItem(first) ? seq(r, indent) : map(r, indent);
}

function map(r: Reader, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let l = r.lines[r.i]; l && l.indent === indent && !isItem(l); l = r.lines[r.i]) {
    const m = /^("[^"]*"|'[^']*'|[^:'"]+):(?:\s+(.*))?$/.exec(l.text);
    if (!m) throw new Error(`line ${l.no}: expected "key: value", got "${l.text}"`);
    const key = String(scalar(m[1] as string, l.no));
    r.i++;
    const next = r.lines[r.i];
    if (m[2] !== undefined && m[2] !== "") out[key] = scalar(m[2], l.no);
    else if (next && (next.indent > indent || (next.indent === indent && isItem(next))))
      out[key] = block(r, next.indent);
    else out[key] = null;
  }
  return out;
}

function seq(r: Reader, indent: number): unknown[] {
  const out: unknown[] = [];
  for (let l = r.lines[r.i]; l && l.indent === indent && isItem(l); l = r.lines[r.i]) {
    const rest = l.text.slice(1).trimStart();
    const inner = indent + (l.text.length - rest.length);
    if (rest === "") {
      r.i++;
      const next = r.lines[r.i];
      out.push(next && next.indent > indent ? block(r, next.indent) : null);
    } else if (/^[^'"{[][^:]*:(\s|$)|^"[^"]*":(\s|$)/.test(rest)) {
      // `- key: value`: the item is a map whose first key sits on the dash line.
      r.lines[r.i] = { no: l.no, indent: inner, text: rest };
      out.push(map(r, inner));
    } else {
      r.i++;
      out.push(scalar(rest, l.no));
    }
  }
  return out;
}

function scalar(text: string, no: number): unknown {
  const t = text.replace(/\s+#.*$/, "").trim();
  if (t === "{}") return {};
  if (t === "[]") return [];
  if (/^[&*!|>{[]/.test(t)) throw new Error(`line ${no}: unsupported YAML "${t}"`);
  if (/^"(?:[^"\\]|\\.)*"$/.test(t)) return JSON.parse(t) as string;
  if (/^'.*'$/.test(t)) return t.slice(1, -1).replaceAll("''", "'");
  if (t === "null" || t === "~") return null;
  if (t === "true" || t === "false") return t === "true";
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}
