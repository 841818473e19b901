/**
 * Loads `expectations/*.json`: reads each file with a small position-keeping JSON reader (so every problem
 * points at a line:col), validates it, and checks the files together cover each known finding exactly once.
 */
import { readFile, readdir } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import type { Finding } from "./finding.js";
import {
  validateExpectations,
  type ExpectationEntry,
  type ExpectationsFile,
  type PathProblem,
  type PathSegment,
} from "./expectations-schema.js";

/** One problem: `file:line:col path: problem` when printed. */
export interface ExpectationsProblem {
  file: string;
  /** JSON path such as `findings["kernel/x"].rules[1].expect`; empty for the file as a whole. */
  path: string;
  line?: number;
  col?: number;
  problem: string;
}

/** Why: a malformed expectations file must stop the run with every problem said plainly, one per line. */
export class ExpectationsError extends Error {
  override readonly name = "ExpectationsError";
  /** The first problem's file (relative to the project root), place (`line:col path`) and problem. */
  readonly file: string;
  readonly place: string;
  readonly problem: string;
  readonly problems: readonly ExpectationsProblem[];
  constructor(problems: readonly ExpectationsProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    const first = problems[0] ?? { file: "", path: "", problem: "no problem given" };
    this.file = first.file;
    this.place = [first.line === undefined ? "" : `${first.line}:${first.col}`, first.path].join(" ").trim();
    this.problem = first.problem;
    this.problems = problems;
  }
}

/** Why: the one line format every expectations problem is printed in (clickable `file:line:col`). */
function formatProblem(p: ExpectationsProblem): string {
  const at = p.line === undefined ? "" : `:${p.line}:${p.col}`;
  return `${p.file}${at}${p.path ? ` ${p.path}` : ""}: ${p.problem}`;
}

/** Why: paths read like code, `findings["kernel/x"].rules[1].when.image`, so they can be found by eye. */
function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((s, i) =>
      typeof s === "number"
        ? `[${s}]`
        : /^[A-Za-z_$][\w$]*$/.test(s)
          ? `${i ? "." : ""}${s}`
          : `[${JSON.stringify(s)}]`,
    )
    .join("");
}

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** A JSON reader that keeps where each value (and each member's key) starts, keyed by JSON.stringify(path). */
class LocatedJson {
  private readonly valueAt = new Map<string, number>();
  private readonly keyAt = new Map<string, number>();
  readonly duplicates: { path: PathSegment[] }[] = [];
  readonly value: unknown;
  private i = 0;

  constructor(private readonly text: string) {
    this.value = this.read([]);
    this.ws();
    if (this.i < text.length) this.fail("expected end of file after the value");
  }

  /** Where the value at `path` starts (or its key, for an object member when `onKey`). */
  at(path: readonly PathSegment[], onKey?: boolean): number {
    const key = JSON.stringify(path);
    return (onKey ? this.keyAt.get(key) : undefined) ?? this.valueAt.get(key) ?? 0;
  }

  private fail(what: string, showFound = true): never {
    const found = this.i < this.text.length ? JSON.stringify(this.text[this.i]) : "end of file";
    throw new SyntaxProblem(`JSON syntax error: ${what}${showFound ? `, found ${found}` : ""}`, this.i);
  }

  /** Consumes `re` (sticky) at the cursor; null (cursor unmoved) when it does not match. */
  private match(re: RegExp): string | null {
    re.lastIndex = this.i;
    const m = re.exec(this.text);
    if (m) this.i = re.lastIndex;
    return m?.[0] ?? null;
  }

  private ws(): void {
    this.match(/[ \t\r\n]*/y);
  }

  /** Consumes `char`, and the whitespace around it. */
  private expect(char: string, what: string): void {
    this.ws();
    if (this.text[this.i] !== char) this.fail(what);
    this.i++;
    this.ws();
  }

  private read(path: PathSegment[]): unknown {
    this.ws();
    this.valueAt.set(JSON.stringify(path), this.i);
    const c = this.text[this.i];
    if (c === "{") return this.object(path);
    if (c === "[") return this.array(path);
    if (c === '"') return this.string();
    const scalar = this.match(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y);
    return scalar === null ? this.fail("expected a value") : (JSON.parse(scalar) as unknown);
  }

  private string(): string {
    // Any character but `"`, `\` and controls (below U+0020), or an escape.
    const s = this.match(/"(?:[ !#-[\]-\uffff]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y);
    return s === null
      ? this.fail("unterminated string, or a bad escape or raw control character in it", false)
      : (JSON.parse(s) as string);
  }

  /** Reads `open member ("," member)* close`; the cursor is on `open`. */
  private members(close: string, member: (n: number) => void): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === close) return void this.i++;
    for (let n = 0; ; n++) {
      member(n);
      this.ws();
      if (this.text[this.i] === close) return void this.i++;
      this.expect(",", `expected "," or "${close}"`);
    }
  }

  private array(path: PathSegment[]): unknown[] {
    const list: unknown[] = [];
    this.members("]", (n) => list.push(this.read([...path, n])));
    return list;
  }

  private object(path: PathSegment[]): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.members("}", () => {
      const at = this.i;
      if (this.text[at] !== '"') this.fail("expected a quoted key");
      const key = this.string();
      if (Object.hasOwn(obj, key)) this.duplicates.push({ path: [...path, key] });
      this.keyAt.set(JSON.stringify([...path, key]), at);
      this.expect(":", 'expected ":" after a key');
      const value = this.read([...path, key]);
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    });
    return obj;
  }
}

function lineCol(text: string, at: number): { line: number; col: number } {
  const before = text.slice(0, at).split("\n");
  return { line: before.length, col: (before.at(-1) ?? "").length + 1 };
}

export interface ParsedExpectations {
  /** The validated file, or null when there is any problem. */
  file: ExpectationsFile | null;
  /** Finding ids the file declares, where their keys are; null when the text is not JSON. */
  ids: { id: string; line: number; col: number }[] | null;
  problems: ExpectationsProblem[];
}

/** Why: one file's text to a validated file and located problems; shared by the loader and the updater. */
export function parseExpectationsText(
  text: string,
  file: string,
  findings: readonly Finding[],
): ParsedExpectations {
  let json: LocatedJson;
  try {
    json = new LocatedJson(text);
  } catch (e) {
    if (!(e instanceof SyntaxProblem)) throw e;
    return { file: null, ids: null, problems: [{ file, path: "", ...lineCol(text, e.at), problem: e.message }] };
  }
  const problems = locate(
    validateExpectations(json.value, findings, { forbidBothVerdicts: true }).problems,
    json,
    text,
    file,
  );
  const value = (json.value as { findings?: unknown } | null)?.findings;
  const ids =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value).map((id) => ({ id, ...lineCol(text, json.at(["findings", id], true)) }))
      : [];
  return { file: problems.length === 0 ? (json.value as ExpectationsFile) : null, ids, problems };
}

/** Validation problems and duplicate keys, in file order, with their line:col. */
function locate(found: PathProblem[], json: LocatedJson, text: string, file: string): ExpectationsProblem[] {
  const duplicates = json.duplicates.map(({ path }) => ({
    path,
    problem: `duplicate key ${JSON.stringify(path.at(-1))}: JSON keeps only the last`,
    onKey: true,
  }));
  return [...found, ...duplicates]
    .map((p) => ({ ...p, at: json.at(p.path, p.onKey) }))
    .sort((a, b) => a.at - b.at)
    .map((p) => ({ file, path: formatPath(p.path), ...lineCol(text, p.at), problem: p.problem }));
}

/** A finding's expectations and the file they came from. */
export interface IndexedExpectation {
  file: string;
  entry: ExpectationEntry;
}
export type ExpectationsIndex = ReadonlyMap<string, IndexedExpectation>;

/** Why: the run reads every expectations file once, up front, and refuses to start on any problem. */
export async function loadExpectations(
  dir: string,
  findings: readonly Finding[],
  root: string = process.cwd(),
): Promise<ExpectationsIndex> {
  const show = (p: string): string => {
    const r = relative(root, p);
    return r.startsWith("..") || isAbsolute(r) ? p : r.split(sep).join("/");
  };
  const names = await readdir(dir).catch((e: Error) => {
    throw new ExpectationsError([
      { file: show(dir), path: "", problem: `cannot list the directory: ${e.message}` },
    ]);
  });
  const index = new Map<string, IndexedExpectation>();
  const seen = new Map<string, string>();
  const problems: ExpectationsProblem[] = [];
  let complete = true;
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    const file = show(join(dir, name));
    const parsed = parseExpectationsText(await readFile(join(dir, name), "utf8"), file, findings);
    problems.push(...parsed.problems);
    complete &&= parsed.ids !== null;
    for (const { id, line, col } of parsed.ids ?? []) {
      const other = seen.get(id);
      const place = { file, path: formatPath(["findings", id]), line, col };
      if (other)
        problems.push({ ...place, problem: `"${id}" is also in ${other}: a finding belongs in one file` });
      else seen.set(id, `${file}:${line}:${col}`);
      const entry = parsed.file?.findings[id];
      if (entry && !other) index.set(id, { file, entry });
    }
  }
  if (complete) problems.push(...missing(findings, seen, (area) => show(join(dir, `${area}.json`))));
  if (problems.length > 0) throw new ExpectationsError(problems);
  return index;
}

function missing(findings: readonly Finding[], seen: Map<string, string>, fileOf: (area: string) => string) {
  return findings
    .filter((f) => !seen.has(f.id))
    .map((f) => ({
      file: fileOf(f.id.split("/")[0] ?? f.id),
      path: formatPath(["findings", f.id]),
      problem: `known finding "${f.id}" has no entry in any expectations file (add it here: one file per area)`,
    }));
}
