/**
 * The expectations file format (`expectations/<area>.json`) and its validation. Validation collects every
 * problem with its JSON path so a malformed file is reported whole, in words, before any cell starts.
 */
import {
  CGROUP_SETUPS,
  FAKER_MODES,
  IMAGE_SUITES,
  OPENAT2_FACTS,
  SANDBOX_CGROUP_FACTS,
  PROCFS_ROOT_FACTS,
  TMPFS_SIZE_OPTIONS_FACTS,
  PROC_ENTRY_FACTS,
  LOOPBACK_UP_FACTS,
  IPTABLES_COMMENT_FACTS,
  SENTRY_DROPPABLE_MMAP_FACTS,
  SENTRY_GETRANDOM_STATE_FACTS,
  type CellDimensions,
  type CellFacts,
} from "../env/cell.js";
import type { Finding } from "./finding.js";
import { isVersionFact, parseVersionRule } from "./runc-version.js";
import { VERDICTS, isVerdict, type Verdict } from "./verdict.js";

export const EXPECTATIONS_SCHEMA_VERSION = 1;

/** A fact the cell observes (a measured cause): any rule may key on it, no finding declares it. */
export type FactKey = keyof CellFacts;
/** A dimension the cell declares: a rule keys on it only where its finding declares it. */
export type DimensionKey = Exclude<keyof CellDimensions, FactKey>;
/** Every dimension a rule may match on, in the order files are written in (a Record: none can be missed). */
const DIMENSIONS: Record<DimensionKey, true> = {
  runtime: true,
  release: true,
  platform: true,
  image: true,
  cgroupSetup: true,
  faker: true,
};
export const DIMENSION_KEYS = Object.keys(DIMENSIONS) as readonly DimensionKey[];
/** Every observed fact a rule may match on, written after the dimensions. */
const FACTS: Record<FactKey, true> = {
  openat2: true,
  runcVersion: true,
  sandboxCgroup: true,
  procfsRoot: true,
  tmpfsSizeOptions: true,
  kernelVersion: true,
  containerdVersion: true,
  crunVersion: true,
  procSetgroups: true,
  mountSetattr: true,
  loopbackUp: true,
  iptablesComment: true,
  sentryGetrandomState: true,
  sentryDroppableMmap: true,
};
export const FACT_KEYS = Object.keys(FACTS) as readonly FactKey[];
export const isFactKey = (key: string): key is FactKey => (FACT_KEYS as readonly string[]).includes(key);

/**
 * All keys must match; a list value matches any of its items. `runcVersion` is an exact version or a comparison
 * (`>=1.2`): helpers/finding/runc-version.ts.
 */
export type When = Partial<Record<DimensionKey | FactKey, string | string[]>>;
export interface ExpectationRule {
  when: When;
  /** One verdict, or the usual outcome plus known intermittent ones. */
  expect: Verdict | Verdict[];
  because: string;
}
export interface ExpectationEntry {
  rules: ExpectationRule[];
  /** The claim as the research log states it. */
  default: Verdict;
}
export interface ExpectationsFile {
  schemaVersion: typeof EXPECTATIONS_SCHEMA_VERSION;
  findings: Record<string, ExpectationEntry>;
}

export type PathSegment = string | number;
/** One thing wrong with a file, at a path; `onKey` points at the member's key rather than its value. */
export interface PathProblem {
  path: PathSegment[];
  problem: string;
  onKey?: boolean;
}

const ENUMS: Partial<Record<DimensionKey | FactKey, { label: string; values: readonly string[] }>> = {
  runtime: { label: "a runtime", values: ["runc", "runsc"] },
  image: { label: "an image suite", values: IMAGE_SUITES },
  cgroupSetup: { label: "a cgroup setup", values: CGROUP_SETUPS },
  faker: { label: "a faker mode", values: FAKER_MODES },
  openat2: { label: "an openat2 fact", values: OPENAT2_FACTS },
  sandboxCgroup: { label: "a sandbox cgroup version", values: SANDBOX_CGROUP_FACTS },
  procfsRoot: { label: "a procfs root fact", values: PROCFS_ROOT_FACTS },
  tmpfsSizeOptions: { label: "a tmpfs size options fact", values: TMPFS_SIZE_OPTIONS_FACTS },
  procSetgroups: { label: "a procfs entry fact", values: PROC_ENTRY_FACTS },
  mountSetattr: { label: "a syscall fact", values: OPENAT2_FACTS },
  loopbackUp: { label: "an accepted/refused fact", values: LOOPBACK_UP_FACTS },
  iptablesComment: { label: "an accepted/refused fact", values: IPTABLES_COMMENT_FACTS },
  sentryGetrandomState: { label: "a sentry getrandom state fact", values: SENTRY_GETRANDOM_STATE_FACTS },
  sentryDroppableMmap: { label: "an allowed/refused fact", values: SENTRY_DROPPABLE_MMAP_FACTS },
};
const RUNC_VERSION_FORMS = "x.y or x.y.z, or >= <= > < = followed by one";
const VERDICT_LIST = VERDICTS.join(" | ");

type Obj = Record<string, unknown>;
type Report = (path: PathSegment[], problem: string, onKey?: boolean) => void;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const got = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a list" : isObj(v) ? "an object" : `${typeof v} ${JSON.stringify(v)}`;

export interface ValidateOptions {
  /**
   * A rule whose `expect` lists both `holds` and `does-not-hold` is a problem (it asserts nothing). Off until
   * the files that have such rules are fixed (`rulesAcceptingBothVerdicts` lists them).
   */
  forbidBothVerdicts?: boolean;
}

/** Why: one walk that reports every problem of a parsed file, so the author fixes them in one go. */
export function validateExpectations(
  raw: unknown,
  findings: readonly Finding[],
  options: ValidateOptions = {},
): { file: ExpectationsFile | null; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const report: Report = (path, problem, onKey) => problems.push({ path, problem, ...(onKey ? { onKey } : {}) });
  const rules: RuleOptions = { forbidBothVerdicts: options.forbidBothVerdicts ?? false };
  if (!isObj(raw)) report([], `expected an object with "schemaVersion" and "findings", got ${got(raw)}`);
  else checkFile(raw, new Map(findings.map((f) => [f.id, f])), report, rules);
  return { file: problems.length === 0 ? (raw as ExpectationsFile) : null, problems };
}

export const BOTH_VERDICTS_PROBLEM = "a rule that accepts both holds and does-not-hold asserts nothing";

/** `expect` lists both `holds` and `does-not-hold`. */
export function acceptsBothVerdicts(expect: unknown): boolean {
  return Array.isArray(expect) && expect.includes("holds") && expect.includes("does-not-hold");
}

/** A rule of a file whose `expect` accepts both holds and does-not-hold. */
export interface BothVerdictsRule {
  findingId: string;
  /** Index in the finding's rules. */
  index: number;
  expect: Verdict[];
}

/** Why: lists the rules `forbidBothVerdicts` would refuse, so they can be fixed before it is switched on. */
export function rulesAcceptingBothVerdicts(file: ExpectationsFile): BothVerdictsRule[] {
  return Object.entries(file.findings).flatMap(([findingId, entry]) =>
    entry.rules.flatMap((rule, index) =>
      acceptsBothVerdicts(rule.expect) ? [{ findingId, index, expect: [rule.expect].flat() }] : [],
    ),
  );
}

type RuleOptions = Required<ValidateOptions>;

function checkKeys(obj: Obj, path: PathSegment[], keys: readonly string[], report: Report): void {
  for (const key of Object.keys(obj))
    if (!keys.includes(key)) report([...path, key], `unknown key "${key}" (expected ${keys.join(" | ")})`, true);
  for (const key of keys) if (!(key in obj)) report(path, `missing key "${key}"`);
}

function checkFile(raw: Obj, known: Map<string, Finding>, report: Report, options: RuleOptions): void {
  checkKeys(raw, [], ["schemaVersion", "findings"], report);
  if ("schemaVersion" in raw && raw.schemaVersion !== EXPECTATIONS_SCHEMA_VERSION)
    report(["schemaVersion"], `unsupported schemaVersion ${got(raw.schemaVersion)} (this harness reads 1)`);
  if (!("findings" in raw)) return;
  if (!isObj(raw.findings))
    return report(["findings"], `expected an object keyed by finding id, got ${got(raw.findings)}`);
  for (const [id, entry] of Object.entries(raw.findings)) {
    const finding = known.get(id);
    if (finding) checkEntry(entry, finding, ["findings", id], report, options);
    else report(["findings", id], `"${id}" is not a known finding id`, true);
  }
}

function checkEntry(
  entry: unknown,
  finding: Finding,
  path: PathSegment[],
  report: Report,
  options: RuleOptions,
): void {
  if (!isObj(entry)) return report(path, `expected an object with "rules" and "default", got ${got(entry)}`);
  checkKeys(entry, path, ["rules", "default"], report);
  if (Array.isArray(entry.default))
    report(
      [...path, "default"],
      `expected one verdict (${VERDICT_LIST}), got a list: intermittent belongs in a rule`,
    );
  else if ("default" in entry) checkVerdict(entry.default, [...path, "default"], report);
  if (!("rules" in entry)) return;
  if (!Array.isArray(entry.rules))
    return report([...path, "rules"], `expected a list of rules, got ${got(entry.rules)}`);
  entry.rules.forEach((rule, i) => checkRule(rule, finding, [...path, "rules", i], report, options));
}

function checkRule(
  rule: unknown,
  finding: Finding,
  path: PathSegment[],
  report: Report,
  options: RuleOptions,
): void {
  if (!isObj(rule))
    return report(path, `expected an object with "when", "expect" and "because", got ${got(rule)}`);
  checkKeys(rule, path, ["when", "expect", "because"], report);
  if ("when" in rule) checkWhen(rule.when, finding, [...path, "when"], report);
  if ("expect" in rule) checkList(rule.expect, [...path, "expect"], report, (v, p) => checkVerdict(v, p, report));
  if (options.forbidBothVerdicts && acceptsBothVerdicts(rule.expect))
    report([...path, "expect"], BOTH_VERDICTS_PROBLEM);
  if ("because" in rule && (typeof rule.because !== "string" || rule.because.trim() === ""))
    report([...path, "because"], `expected a non-empty reason, got ${got(rule.because)}`);
}

function checkWhen(when: unknown, finding: Finding, path: PathSegment[], report: Report): void {
  if (!isObj(when)) return report(path, `expected an object of cell dimensions, got ${got(when)}`);
  if (Object.keys(when).length === 0)
    report(path, `empty "when" matches every cell: that is what "default" is for`);
  for (const [key, value] of Object.entries(when)) {
    if (isFactKey(key)) checkList(value, [...path, key], report, (v, p) => checkDimensionValue(v, key, p, report));
    else if (!(DIMENSION_KEYS as readonly string[]).includes(key))
      report(
        [...path, key],
        `unknown dimension "${key}" (expected ${DIMENSION_KEYS.join(" | ")}, or an observed fact: ${FACT_KEYS.join(" | ")})`,
        true,
      );
    else if (!finding.dimensions.includes(key as DimensionKey))
      report([...path, key], notDeclared(finding, key), true);
    else
      checkList(value, [...path, key], report, (v, p) => checkDimensionValue(v, key as DimensionKey, p, report));
  }
}

function notDeclared(finding: Finding, key: string): string {
  const declared = finding.dimensions.length > 0 ? finding.dimensions.join(", ") : "none";
  return `finding "${finding.id}" does not declare dimension "${key}" (it declares: ${declared})`;
}

/** A single value or a non-empty list of distinct values, each checked by `item`. */
function checkList(value: unknown, path: PathSegment[], report: Report, item: ItemCheck): void {
  if (!Array.isArray(value)) return item(value, path);
  if (value.length === 0) return report(path, "empty list: give one value or a non-empty list");
  value.forEach((v, i) => {
    if (value.indexOf(v) !== i) report([...path, i], `${JSON.stringify(v)} is listed twice`);
    else item(v, [...path, i]);
  });
}
type ItemCheck = (value: unknown, path: PathSegment[]) => void;

function checkVerdict(value: unknown, path: PathSegment[], report: Report): void {
  if (isVerdict(value)) return;
  if (typeof value === "string") report(path, `"${value}" is not a verdict (${VERDICT_LIST})`);
  else report(path, `expected a verdict (${VERDICT_LIST}), got ${got(value)}`);
}

function checkDimensionValue(
  value: unknown,
  key: DimensionKey | FactKey,
  path: PathSegment[],
  report: Report,
): void {
  if (typeof value !== "string") return report(path, `expected a string, got ${got(value)}`);
  if (isVersionFact(key) && parseVersionRule(value) === null)
    return report(path, `"${value}" is not a ${key.replace("Version", "")} version (${RUNC_VERSION_FORMS})`);
  const allowed = ENUMS[key];
  if (allowed && !allowed.values.includes(value))
    report(path, `"${value}" is not ${allowed.label} (${allowed.values.join(" | ")})`);
}
