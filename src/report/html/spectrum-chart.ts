/**
 * The latency percentile spectrum of a phase on the usual log axis (90%, 99%, 99.9% ... equally
 * spaced): one line per command, and in the open model the service time (dashed) beside the
 * response time. Every line is computed from the report's HDR histograms here, at render time.
 */
import { decodeHistogram } from '../../metrics/index.js';
import { isRoleLabel } from '../../shared/role-labels.js';
import { spectrumExtent, xToPercentile } from '../percentile-spectrum.js';
import type { SeriesSpec } from './chart-spec.js';
import type { PageCharts } from './page-charts.js';
import type { PhaseExtras } from './report-extras.js';
import type { Markup } from './markup.js';

/** Points per line along the log axis. */
const COLUMNS = 241;

/** The spectrum figure of a phase, or nothing when it recorded no latency. */
export function spectrumFigure(phase: PhaseExtras, charts: PageCharts): Markup | null {
  const lines: { series: SeriesSpec; hdr: string; count: number }[] = [];
  const labels = Object.keys(phase.commands).filter((l) => !isRoleLabel(l) && phase.commands[l]!.latencyUs.count > 0);
  labels.forEach((label, colour) => {
    const stats = phase.commands[label]!;
    lines.push({ series: { label: phase.rate === null ? label : `${label} response`, unit: 'us', colour }, hdr: stats.latencyUs.hdr, count: stats.latencyUs.count });
    if (stats.serviceTimeUs && stats.serviceTimeUs.count > 0) {
      lines.push({ series: { label: `${label} service`, unit: 'us', dash: true, colour }, hdr: stats.serviceTimeUs.hdr, count: stats.serviceTimeUs.count });
    }
  });
  if (lines.length === 0) return null;
  const extent = Math.max(...lines.map((l) => spectrumExtent(l.count)));
  const xs = Array.from({ length: COLUMNS }, (_, i) => (i / (COLUMNS - 1)) * extent);
  const data = [xs, ...lines.map((l) => sampleSpectrum(l.hdr, xs))];
  const series = lines.map((l) => l.series);
  const caption = phase.rate === null ? `Latency percentile spectrum, phase ${phase.name}` : `Latency percentile spectrum, phase ${phase.name}: response time (from the intended start, solid) and service time (from the send, dashed)`;
  return charts.figure({ kind: 'spectrum', yUnit: 'us', yLog: true, series, data }, caption, 'hover for values · drag to zoom into the tail · double-click to reset');
}

/**
 * The latency at each position of the log axis; null past what the histogram can say (beyond
 * log10(count) every percentile is its maximum).
 */
export function sampleSpectrum(hdr: string, xs: number[]): (number | null)[] {
  const h = decodeHistogram(hdr);
  try {
    const own = h.totalCount > 0 ? Math.log10(h.totalCount) : 0;
    return xs.map((x) => (x <= Math.max(own, 1) + 1e-9 && h.totalCount > 0 ? h.getValueAtPercentile(xToPercentile(x)) : null));
  } finally {
    h.destroy();
  }
}
