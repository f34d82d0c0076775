/** Number and duration formats shared by every terminal view. */

/** 1234567 -> "1.23M", 950 -> "950". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

/** Microseconds with a unit that keeps 3 significant digits. */
export function formatUs(us: number): string {
  if (us < 1000) return `${us.toFixed(0)}us`;
  if (us < 1e6) return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)}ms`;
  return `${(us / 1e6).toFixed(2)}s`;
}
