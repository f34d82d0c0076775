/**
 * p99 against throughput for a sweep, as inline SVG: the steps joined in order (latency on a log
 * axis), the SLO as a dashed line, the knee and the max within the SLO ringed and named. Steps
 * that miss the SLO are hollow, so the chart reads without colour; hover a point for its figures.
 */
import { formatCount, formatUs } from '../format.js';
import type { CapacityResult } from '../capacity-result.js';
import { escapeHtml, raw, type Markup } from './markup.js';

const W = 720;
const H = 340;
const PAD = { left: 70, right: 20, top: 16, bottom: 44 };

/** The sweep chart, or nothing without steps. */
export function sweepChart(capacity: CapacityResult): Markup | null {
  const steps = capacity.steps.filter((s) => s.latencyUs.p99 > 0);
  if (steps.length === 0) return null;
  const slo = capacity.slo?.latencyUs.p99 ?? null;
  const ys = [...steps.map((s) => s.latencyUs.p99), ...(slo ? [slo] : [])];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...ys) * 1.01));
  const xMax = Math.max(...steps.map((s) => s.opsPerSec)) * 1.08 || 1;
  const px = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const py = (v: number) => PAD.top + (1 - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (H - PAD.top - PAD.bottom);
  const out: string[] = [];
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    out.push(`<line class="gridline" x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(d).toFixed(1)}" y2="${py(d).toFixed(1)}"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${(py(d) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(formatUs(d))}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const v = (xMax * i) / 4;
    out.push(`<text x="${px(v).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${escapeHtml(formatCount(v))}</text>`);
  }
  out.push(`<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle">throughput (ops/s)</text>`);
  out.push(`<path class="axis" d="M${PAD.left} ${PAD.top}V${H - PAD.bottom}H${W - PAD.right}"/>`);
  if (slo) {
    out.push(`<line class="slo" x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(slo).toFixed(1)}" y2="${py(slo).toFixed(1)}"/>`);
    out.push(`<text x="${W - PAD.right - 4}" y="${(py(slo) - 5).toFixed(1)}" text-anchor="end">SLO p99 ${escapeHtml(formatUs(slo))}</text>`);
  }
  out.push(`<path class="curve" d="${steps.map((s, i) => `${i === 0 ? 'M' : 'L'}${px(s.opsPerSec).toFixed(1)} ${py(s.latencyUs.p99).toFixed(1)}`).join('')}"/>`);
  for (const s of steps) {
    const miss = s.meetsSlo === false;
    const label = `${s.name}: ${formatCount(s.opsPerSec)} ops/s, p99 ${formatUs(s.latencyUs.p99)}${s.meetsSlo === null ? '' : miss ? ', misses the SLO' : ', meets the SLO'}`;
    out.push(`<circle class="point${miss ? ' miss' : ''}" cx="${px(s.opsPerSec).toFixed(1)}" cy="${py(s.latencyUs.p99).toFixed(1)}" r="5"><title>${escapeHtml(label)}</title></circle>`);
  }
  const ring = (point: { opsPerSec: number; p99Us: number } | null, name: string, below: boolean) => {
    if (!point || point.p99Us <= 0) return;
    const [x, y] = [px(point.opsPerSec), py(point.p99Us)];
    out.push(`<circle class="marker" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="10"/>`);
    out.push(`<text x="${(x - 12).toFixed(1)}" y="${(below ? y + 24 : y - 14).toFixed(1)}" text-anchor="end">${escapeHtml(name)}</text>`);
  };
  ring(capacity.knee, 'knee', false);
  ring(capacity.maxWithinSlo, 'max within SLO', true);
  const title = `p99 against throughput over the sweep of ${capacity.over}`;
  return raw(
    `<figure class="chart svg-chart"><figcaption>${escapeHtml(title)} <span class="hint">hover a point for its figures · hollow points miss the SLO</span></figcaption><svg class="scatter" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px">${out.join('')}</svg></figure>`,
  );
}
