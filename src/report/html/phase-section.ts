/**
 * One measured phase: summary tiles, the per-command table, throughput and latency over time,
 * the percentile spectrum, and what qualifies the figures (schedule, rounds, reset, client
 * noise, pub/sub losses, hit ratios).
 */
import { clientNoiseLine } from '../client-noise-report.js';
import { formatCount, formatUs } from '../format.js';
import { serverLatencyView } from '../server-latency-report.js';
import type { PhaseResult } from '../run-result.js';
import { clusterSection } from './cluster-section.js';
import { statsTable } from './command-table.js';
import { html, type Markup } from './markup.js';
import { errorCount, errorKinds, formatShare, groupDigits } from './numbers.js';
import type { PageCharts } from './page-charts.js';
import { extras, type PhaseExtras } from './report-extras.js';
import { spectrumFigure } from './spectrum-chart.js';
import { phaseTimelineCharts } from './timeline-charts.js';

/** A labelled figure; `field` and `value` let a test find it and check it against the JSON. */
export function tile(label: string, text: string, field: string, value: number | string, extra = ''): Markup {
  return html`<div class="tile${extra}" data-field="${field}" data-value="${value}"><div class="label">${label}</div><div class="value">${text}</div></div>`;
}

/** The section of one phase. */
export function phaseSection(result: PhaseResult, charts: PageCharts, index: number): Markup {
  const phase = extras(result);
  const t = phase.totals;
  const errors = errorCount(t.errors);
  const attempts = t.ops + errors;
  const mode = phase.rate === null ? 'closed loop' : `open model at ${formatCount(phase.rate)}/s`;
  return html`<section class="phase" data-phase="${phase.name}" id="phase-${index + 1}">
<h2>Phase ${phase.name}${phase.partial ? html` <span class="badge warn">partial</span>` : ''}</h2>
<p class="muted">${mode} · pipeline ${phase.pipeline} · ${phase.connections} connections · ${phase.workers} worker(s) · ${phase.durationS.toFixed(1)} s measured</p>
<div class="tiles">
${tile('throughput', `${formatCount(t.opsPerSec)} ops/s`, 'opsPerSec', t.opsPerSec)}
${tile('commands', groupDigits(t.ops), 'ops', t.ops)}
${tile('p50', formatUs(t.latencyUs.p50), 'p50', t.latencyUs.p50)}
${tile('p99', formatUs(t.latencyUs.p99), 'p99', t.latencyUs.p99)}
${tile('p99.9', formatUs(t.latencyUs.p999), 'p999', t.latencyUs.p999)}
${tile('max', formatUs(t.latencyUs.max), 'max', t.latencyUs.max)}
${tile('errors', `${formatShare(attempts > 0 ? errors / attempts : 0)} (${groupDigits(errors)})`, 'errors', errors, errors > 0 ? ' prominent' : '')}
</div>
${errors > 0 ? html`<p>Errors by kind: ${errorKinds(t.errors)}</p>` : ''}
${statsTable('command', phase.commands, phase.totals, 'data-command')}
${qualifiers(result)}
${clusterSection(result)}
${phaseTimelineCharts(phase, charts, `phase-${index + 1}`)}
${spectrumFigure(phase, charts)}
</section>`;
}

/** The lines that say how far to trust the figures above. */
function qualifiers(result: PhaseResult): Markup {
  const phase = extras(result);
  const items: Markup[] = [];
  const t = phase.totals;
  if (t.serviceTimeUs) {
    const s = t.serviceTimeUs;
    items.push(html`<li>Service time (from the actual send): p50 ${formatUs(s.p50)}, p99 ${formatUs(s.p99)}, max ${formatUs(s.max)}; the response time above is from the intended start.</li>`);
  }
  if (t.latencyUs.lowerBounds) items.push(html`<li>${groupDigits(t.latencyUs.lowerBounds)} latencies are lower bounds (commands that never completed).</li>`);
  if (phase.schedule) items.push(scheduleLine(phase));
  if (phase.rounds && phase.rounds.length > 1) {
    const rates = phase.rounds.map((r) => r.opsPerSec);
    items.push(
      html`<li>${phase.rounds.length} rounds; ops/s is their median. Rounds: ${phase.rounds.map((r, i) => html`${i > 0 ? ' · ' : ''}<span data-round="${i + 1}">${formatCount(r.opsPerSec)}/s p99 ${formatUs(r.p99Us)}</span>`)} (spread ${formatCount(Math.min(...rates))}–${formatCount(Math.max(...rates))}/s)</li>`,
    );
  }
  if (phase.reset) items.push(html`<li>Before the phase, a reset deleted ${groupDigits(phase.reset.keysDeleted)} keys and refilled them in ${(phase.reset.durationMs / 1000).toFixed(2)} s (not load; not measured).</li>`);
  for (const note of serverLatencyView(result).notes) items.push(html`<li>${note}</li>`);
  if (phase.client) items.push(clientLine(phase));
  const stalled = clientNoiseLine(result);
  if (stalled) items.push(html`<li class="warn">${stalled}</li>`);
  if (phase.pubsub) {
    const p = phase.pubsub;
    items.push(html`<li class="${p.lost > 0 ? 'bad' : ''}">Pub/sub: ${groupDigits(p.delivered)} of ${groupDigits(p.promised)} promised deliveries received, ${groupDigits(p.lost)} lost.</li>`);
  }
  for (const [label, s] of Object.entries(phase.commands)) {
    if (s.nulls > 0) items.push(html`<li>${label}: hit ratio ${((100 * (s.ops - s.nulls)) / Math.max(1, s.ops)).toFixed(1)}% (${groupDigits(s.nulls)} misses)</li>`);
  }
  return items.length === 0 ? html`` : html`<ul class="qualifiers">${items}</ul>`;
}

function scheduleLine(phase: PhaseExtras): Markup {
  const s = phase.schedule!;
  const head = html`Schedule: target ${formatCount(s.targetRate)}/s, achieved ${formatCount(s.achievedRate)}/s; send lag p99 ${formatUs(s.sendLagUs.p99)}; ${groupDigits(s.lateSends)} late, ${groupDigits(s.dropped)} dropped.`;
  if (s.scheduled === undefined) return html`<li>${head}</li>`;
  const parts: [string, number | undefined][] = [
    ['completed', s.completed],
    ['error replies', s.errorReplies],
    ['transport failures', s.transportFailures],
    ['dropped', s.dropped],
    ['unsent', s.unsent],
    ['abandoned', s.abandoned],
  ];
  const shown = parts.filter(([, n]) => n !== undefined).map(([name, n]) => `${name} ${groupDigits(n!)}`);
  return html`<li>${head} Of ${groupDigits(s.scheduled)} scheduled: ${shown.join(', ')}.</li>`;
}

function clientLine(phase: PhaseExtras): Markup {
  const c = phase.client!;
  const parts: string[] = [];
  if (c.utilization !== undefined) parts.push(`busiest worker ${(c.utilization * 100).toFixed(0)}% busy`);
  if (c.eventLoopDelayUs) parts.push(`event-loop delay p99 ${formatUs(c.eventLoopDelayUs.p99)}, max ${formatUs(c.eventLoopDelayUs.max)}`);
  if (c.gc) parts.push(`GC ${c.gc.count} pauses, ${c.gc.totalMs.toFixed(0)} ms in all, longest ${c.gc.maxMs.toFixed(1)} ms`);
  if (c.mainThread?.utilization !== undefined) parts.push(`main thread ${(c.mainThread.utilization * 100).toFixed(0)}% busy`);
  const busy = (c.utilization ?? 0) >= 0.9;
  return html`<li class="${busy ? 'warn' : ''}">Client: ${parts.join('; ') || 'no figures'}${busy ? ' (the client may be the limit)' : ''}.</li>`;
}
