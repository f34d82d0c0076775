/**
 * One parser per unit kind, used by scenarios and flags alike so "30s", "10k", "1kb" and
 * "20k/s" mean the same thing everywhere. Each returns a number or throws UnitError with a
 * message that says what was expected.
 */

export class UnitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitError';
  }
}

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)(?:e(\d+))?`;

function parseNumberWithSuffix(
  raw: string | number,
  suffixes: Record<string, number>,
  what: string,
  example: string,
  defaultSuffix = '',
): number {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) throw new UnitError(`${what} must be a non-negative number, got ${raw}`);
    return raw * (suffixes[defaultSuffix] ?? 1);
  }
  const text = raw.trim();
  const match = new RegExp(`^${NUMBER}\\s*([a-zA-Z]*)$`).exec(text);
  if (!match) throw new UnitError(`${what} "${raw}" is not understood; write it like ${example}`);
  const base = Number(match[1]) * (match[2] === undefined ? 1 : 10 ** Number(match[2]));
  const suffix = match[3] ?? '';
  const key = suffix === '' ? defaultSuffix : suffix;
  const factor = suffixes[key] ?? suffixes[key.toLowerCase()];
  if (factor === undefined) {
    const known = Object.keys(suffixes).filter((s) => s !== '').join(', ');
    throw new UnitError(`${what} "${raw}" has an unknown unit "${suffix}"; use one of ${known}`);
  }
  return base * factor;
}

const DURATION_MS: Record<string, number> = { '': 1000, us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "500ms", "30s", "5m", "1h", or a bare number of seconds. Returns milliseconds. */
export function parseDurationMs(raw: string | number): number {
  return parseNumberWithSuffix(raw, DURATION_MS, 'duration', '"500ms", "30s" or "5m"', 's');
}

const COUNT: Record<string, number> = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6, b: 1e9, B: 1e9, g: 1e9, G: 1e9 };

/** "10k", "1.5M", "1e6" or a bare number. Returns a whole number. */
export function parseCount(raw: string | number): number {
  const n = parseNumberWithSuffix(raw, COUNT, 'count', '"1000", "10k" or "1.5M"');
  if (!Number.isInteger(Math.round(n * 1e6) / 1e6) || Math.abs(n - Math.round(n)) > 1e-9) {
    throw new UnitError(`count "${raw}" is not a whole number`);
  }
  return Math.round(n);
}

const SIZE: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/** "64", "1kb", "2mb" (binary multiples). Returns bytes. */
export function parseSizeBytes(raw: string | number): number {
  const n = parseNumberWithSuffix(raw, SIZE, 'size', '"64", "1kb" or "2mb"');
  if (Math.abs(n - Math.round(n)) > 1e-9) throw new UnitError(`size "${raw}" is not a whole number of bytes`);
  return Math.round(n);
}

/** "20000/s", "20k/s", "1.2M/s", "600/m", or a bare number per second. Returns operations per second. */
export function parseRatePerSec(raw: string | number): number {
  if (typeof raw === 'number') return parseCountish(raw, raw);
  const match = /^(.*?)\s*\/\s*(s|sec|m|min|h)$/.exec(raw.trim());
  if (!match) return parseCountish(raw, raw);
  const per = match[2] === 's' || match[2] === 'sec' ? 1 : match[2] === 'm' || match[2] === 'min' ? 60 : 3600;
  return parseCountish(match[1] ?? '', raw) / per;
}

function parseCountish(raw: string | number, original: string | number): number {
  try {
    const n = parseNumberWithSuffix(raw, COUNT, 'rate', '"20000/s" or "20k/s"');
    if (n <= 0) throw new UnitError(`rate "${original}" must be above zero`);
    return n;
  } catch (err) {
    if (err instanceof UnitError && !String(err.message).includes('above zero')) {
      throw new UnitError(`rate "${original}" is not understood; write it like "20000/s" or "20k/s"`);
    }
    throw err;
  }
}
