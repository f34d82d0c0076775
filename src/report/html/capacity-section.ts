/** A sweep: the step table, p99 against throughput, the answer, memory and the shard arithmetic. */
import { renderMemory, renderProjection } from '../capacity-report.js';
import type { CapacityResult } from '../capacity-result.js';
import { formatCount, formatUs } from '../format.js';
import { html, type Markup } from './markup.js';
import { formatShare } from './numbers.js';
import { sweepChart } from './svg-scatter.js';

/** The capacity section of a sweep's page. */
export function capacitySection(c: CapacityResult): Markup {
  const slo = c.slo
    ? [...Object.entries(c.slo.latencyUs).map(([p, v]) => `${p} ≤ ${formatUs(v)}`), ...(c.slo.errorRate === null ? [] : [`errors ≤ ${formatShare(c.slo.errorRate)}`])].join(', ')
    : 'none';
  return html`<section id="capacity">
<h2>Capacity sweep over ${c.over}</h2>
<p class="answer"><strong>${c.summary}</strong></p>
<p class="muted">${c.steps.length} of ${c.plannedValues.length} steps ran${c.stoppedEarly ? `; stopped early: ${c.stoppedEarly}` : ''} · SLO: ${slo}</p>
<div class="tiles">
${c.maxWithinSlo ? html`<div class="tile" data-field="maxWithinSlo" data-value="${c.maxWithinSlo.opsPerSec}"><div class="label">max within SLO (${c.maxWithinSlo.step})</div><div class="value">${formatCount(c.maxWithinSlo.opsPerSec)} ops/s</div></div>` : ''}
${c.knee ? html`<div class="tile" data-field="knee" data-value="${c.knee.opsPerSec}"><div class="label">knee (${c.knee.step}; ${c.knee.method})</div><div class="value">${formatCount(c.knee.opsPerSec)} ops/s</div></div>` : ''}
</div>
${sweepChart(c)}
<div class="table-wrap"><table class="sortable"><thead><tr>${['step', 'target', 'achieved', 'p50', 'p99', 'p99.9', 'max', 'errors', 'SLO'].map(
  (name, i) => html`<th${i === 0 || i === 8 ? html` data-sort="text" class="text"` : ''}><button type="button">${name}</button></th>`,
)}</tr></thead><tbody>
${c.steps.map(
  (s) => html`<tr data-step="${s.name}"><td data-value="${s.name}">${s.name}${s.partial ? ' (partial)' : ''}</td><td data-value="${s.targetRate ?? 0}">${s.targetRate === null ? '–' : `${formatCount(s.targetRate)}/s`}</td><td data-field="opsPerSec" data-value="${s.opsPerSec}">${formatCount(s.opsPerSec)}/s</td>${(['p50', 'p99', 'p999', 'max'] as const).map(
    (p) => html`<td data-field="${p}" data-value="${s.latencyUs[p]}">${formatUs(s.latencyUs[p])}</td>`,
  )}<td data-value="${s.errorRate}">${formatShare(s.errorRate)}</td><td class="text" data-value="${s.meetsSlo === null ? '' : s.meetsSlo ? 'meets' : 'misses'}">${s.meetsSlo === null ? '' : s.meetsSlo ? html`<span class="good">✓ meets</span>` : html`<span class="bad">✗ misses: ${s.sloMisses.join(', ') || 'partial'}</span>`}${s.saturated ? ` · saturated: ${s.saturated}` : ''}</td></tr>`,
)}
</tbody></table></div>
${c.memory ? html`<h3>Memory</h3><pre>${renderMemory(c.memory).join('\n')}</pre>` : ''}
${c.projection ? html`<h3>Projection</h3><pre>${renderProjection(c.projection).join('\n')}</pre>` : ''}
</section>`;
}
