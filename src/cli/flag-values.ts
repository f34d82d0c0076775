/**
 * Flag values as the user typed them: yargs turns `--connections abc` into NaN and reads
 * `--duration -5s` as the short flags -5 and -s. These helpers keep the text so every message
 * can name the flag and echo the value given.
 */
import { UsageError } from '../shared/errors.js';
import { UnitError } from '../shared/units.js';

/**
 * Joins the value of an option that yargs would misread: a lone `-` (`--json -` means stdout)
 * or a negative number (`--duration -5s`), into `--flag=value`.
 */
export function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && (next === '-' || /^-[\d.]/.test(next))) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** The text given for `--name` (the last one when repeated), or null. */
export function rawFlagValue(argv: readonly string[], name: string): string | null {
  let value: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) value = argv[i + 1] ?? '';
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  }
  return value;
}

/** Throws a UsageError for the first number flag yargs could not read (its value became NaN). */
export function checkNumberFlags(parsed: Record<string, unknown>, argv: readonly string[]): void {
  for (const [key, value] of Object.entries(parsed)) {
    const bad = Array.isArray(value) ? value.some((v) => Number.isNaN(v)) : Number.isNaN(value);
    if (!bad || /[A-Z]/.test(key)) continue; // camelCase twins of kebab-case flags are skipped
    const raw = rawFlagValue(argv, key);
    throw new UsageError(`--${key} needs a number, got ${raw === null || raw === '' ? 'nothing' : `"${raw}"`}`);
  }
}

/** A flag's text turned into a whole number of at least `min`, or a UsageError echoing it. */
export function wholeNumberFlag(name: string, given: string | number | (string | number)[], min: number): number {
  // A flag repeated (a script appending an override) arrives as a list: the last one wins.
  const raw = Array.isArray(given) ? given[given.length - 1]! : given;
  const n = typeof raw === 'number' ? raw : Number(raw.trim() === '' ? NaN : raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${raw}"`);
  return n;
}

/** Parses a flag's value with a unit parser; a unit error becomes a usage error that names the flag. */
export function unitFlagValue<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof UnitError) throw new UsageError(`--${name}: ${err.message}`);
    throw err;
  }
}
