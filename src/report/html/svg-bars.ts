/**
 * Horizontal bar charts as inline SVG, for a handful of values (phases, nodes): each bar carries
 * its label and value as text, and an optional min–max whisker (the spread over rounds or runs),
 * so the chart reads the same in grey on paper. Hovering a bar shows its figures (SVG <title>).
 */
import { escapeHtml, raw, type Markup } from './markup.js';

export interface Bar {
  label: string;
  value: number;
  /** Spread over rounds or runs, drawn as a whisker. */
  range?: [number, number];
  /** Second colour, e.g. the current run against the baseline. */
  alt?: boolean;
}

const WIDTH = 720;
const LABEL_W = 190;
const VALUE_W = 150;
const ROW_H = 24;
const BAR_H = 15;

/** The SVG for `bars`, values shown with `format`. */
export function barChart(title: string, bars: Bar[], format: (n: number) => string): Markup {
  const height = bars.length * ROW_H + 8;
  const max = Math.max(1e-9, ...bars.map((b) => Math.max(b.value, b.range?.[1] ?? 0)));
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const x = (v: number) => LABEL_W + (Math.max(0, v) / max) * plotW;
  const parts: string[] = [];
  bars.forEach((b, i) => {
    const top = 4 + i * ROW_H;
    const mid = top + ROW_H / 2;
    const spread = b.range ? ` (min ${format(b.range[0])}, max ${format(b.range[1])})` : '';
    parts.push(`<g><title>${escapeHtml(`${b.label}: ${format(b.value)}${spread}`)}</title>`);
    parts.push(`<text x="${LABEL_W - 8}" y="${mid + 4}" text-anchor="end">${escapeHtml(b.label)}</text>`);
    parts.push(`<rect class="bar${b.alt ? ' alt' : ''}" x="${LABEL_W}" y="${mid - BAR_H / 2}" width="${Math.max(1, x(b.value) - LABEL_W).toFixed(1)}" height="${BAR_H}"/>`);
    if (b.range) {
      const [lo, hi] = [x(b.range[0]), x(b.range[1])];
      parts.push(`<path class="whisker" d="M${lo.toFixed(1)} ${mid}H${hi.toFixed(1)}M${lo.toFixed(1)} ${mid - 5}V${mid + 5}M${hi.toFixed(1)} ${mid - 5}V${mid + 5}"/>`);
    }
    const end = Math.max(x(b.value), b.range ? x(b.range[1]) : 0);
    parts.push(`<text x="${(end + 6).toFixed(1)}" y="${mid + 4}">${escapeHtml(format(b.value))}${b.range ? ` (${escapeHtml(format(b.range[0]))}–${escapeHtml(format(b.range[1]))})` : ''}</text></g>`);
  });
  return raw(
    `<figure class="chart svg-chart"><figcaption>${escapeHtml(title)}</figcaption><svg class="bars" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px">${parts.join('')}</svg></figure>`,
  );
}
