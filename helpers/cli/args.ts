/**
 * Command-line arguments of the CLIs, without stack traces: the space form of options whose value starts with
 * `--` (`--runsc-flags "--platform=ptrace"`, which node's parseArgs refuses), and one-line errors that name
 * the valid options.
 */
import { parseArgs } from "node:util";

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  /** Shown in the list of valid options, e.g. `PATTERNS`. */
  value?: string;
  /** The value may itself start with `-` (runsc flags): `--name VALUE` is rewritten to `--name=VALUE`. */
  dashValue?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** A bad command line: the CLI prints the message (one line) and exits 2. */
export class ArgsError extends Error {}

/**
 * Joins `--name VALUE` into `--name=VALUE` for the options whose value may start with a dash, so that parseArgs
 * takes the value as a value. A missing value (end of argv) is left for parseArgs to report.
 */
export function joinDashValues(argv: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = arg.startsWith("--") ? arg.slice(2) : null;
    const next = argv[i + 1];
    if (name !== null && specs[name]?.dashValue === true && next !== undefined) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** `--cells PATTERNS, --skip-setup, ...`: what the error messages list as the valid options. */
export function describeOptions(specs: OptionSpecs): string {
  return Object.entries(specs)
    .map(([name, s]) => (s.type === "string" ? `--${name} ${s.value ?? "VALUE"}` : `--${name}`))
    .join(", ");
}

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** parseArgs, strict, no positionals; every error becomes an ArgsError with one line naming the valid options. */
export function parseCliArgs(command: string, argv: readonly string[], specs: OptionSpecs): Values {
  return parseStrict(command, argv, specs, []).values;
}

/**
 * parseArgs, strict, with exactly the positional arguments `names` (`<finding-id> <cell-id>`): a missing or extra
 * one is an ArgsError too, naming what is expected.
 */
export function parseCliCommand(
  command: string,
  argv: readonly string[],
  specs: OptionSpecs,
  names: readonly string[],
): { values: Values; positionals: string[] } {
  const parsed = parseStrict(command, argv, specs, names);
  if (parsed.positionals.length !== names.length)
    throw new ArgsError(
      `${command}: expected ${names.join(" ")}, got ${parsed.positionals.length} argument(s); valid options: ${describeOptions(specs)}`,
    );
  return parsed;
}

function parseStrict(
  command: string,
  argv: readonly string[],
  specs: OptionSpecs,
  positionals: readonly string[],
): { values: Values; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [name, { type: s.type, multiple: s.multiple ?? false }]),
  );
  try {
    const parsed = parseArgs({
      args: joinDashValues(argv, specs),
      options,
      strict: true,
      allowPositionals: positionals.length > 0,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    const e = error as Error & { code?: string };
    let reason = e.message.split("\n")[0] ?? String(error);
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const option = /'([^']+)'/.exec(e.message)?.[1] ?? "?";
      reason = `unknown option ${option}`;
    } else if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      const arg = /'([^']+)'/.exec(e.message)?.[1] ?? "?";
      reason = `unexpected argument ${arg}`;
    } else if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      reason = reason.replace(/\.$/, "");
    }
    throw new ArgsError(`${command}: ${reason}; valid options: ${describeOptions(specs)}`);
  }
}
