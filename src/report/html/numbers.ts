/** Number formats of the page, on top of the terminal's formatCount and formatUs. */

/** 1234567 -> "1,234,567": exact counts, grouped. */
export function groupDigits(n: number): string {
  const [whole, fraction] = String(Math.round(n * 100) / 100).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A share (0..1) as a percentage with up to 3 significant digits: 0.00123 -> "0.123%". */
export function formatShare(share: number): string {
  if (share === 0) return '0%';
  return `${Number((share * 100).toPrecision(3))}%`;
}

/** A signed change: 0.123 -> "+12.3%". */
export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return 'n/a';
  const pct = change * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** Sum of an errors-by-kind record. */
export function errorCount(errors: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(errors)) n += v;
  return n;
}

/** "ERR 3, timeout 1", or "none". */
export function errorKinds(errors: Record<string, number>): string {
  const entries = Object.entries(errors).filter(([, n]) => n > 0);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${groupDigits(n)}`).join(', ');
}
