/** Chart colours come from the page's CSS variables, so light and dark mode share one script. */

export interface Theme {
  text: string;
  grid: string;
  band: string;
  mark: string;
  series: string[];
}

const SERIES_COLOURS = 8;

/** Reads the palette of the current colour scheme. */
export function currentTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  const series: string[] = [];
  for (let i = 0; i < SERIES_COLOURS; i++) series.push(read(`--series-${i}`));
  return { text: read('--fg'), grid: read('--grid'), band: read('--band'), mark: read('--mark'), series };
}

/** Calls `onChange` when the reader's system switches between light and dark. */
export function onSchemeChange(onChange: () => void): void {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', onChange);
}
