/**
 * A failover drill: lost acknowledged writes first and large, then the unavailability window,
 * the master change and how rbench found it, and the timeline with the event marked and the
 * window shaded.
 */
import type { DrillResult } from '../drill-result.js';
import { html, type Markup } from './markup.js';
import { groupDigits } from './numbers.js';
import type { PageCharts } from './page-charts.js';
import { tile } from './phase-section.js';
import { drillTimelineCharts } from './timeline-charts.js';

const VIA: Record<string, string> = { 'switch-master': "Sentinel's +switch-master", lookup: 'its own lookup', moved: 'a MOVED reply' };

/** The drill section. */
export function drillSection(d: DrillResult, charts: PageCharts): Markup {
  const w = d.writes;
  const u = d.unavailability;
  const lost = w.verifyError ? 'unknown' : groupDigits(w.missing);
  const window = u.startAtS === null ? 'none seen' : u.endAtS === null ? 'to the end' : ms(u.windowMs);
  const when = d.eventAtS === null ? `planned at ${d.plannedAtS.toFixed(1)} s, never sent` : `sent at ${d.eventAtS.toFixed(2)} s`;
  const moved = d.masterBefore !== d.masterAfter;
  const found = d.discovery.newMasterFoundMs === null ? '' : `; rbench knew the new master ${ms(d.discovery.newMasterFoundMs)} after the event, through ${VIA[d.discovery.via ?? 'lookup']}`;
  return html`<section id="drill">
<h2>Drill: ${d.action} in phase ${d.phase}</h2>
<div class="tiles">
${tile('lost acknowledged writes', w.sent > 0 ? `${lost} of ${groupDigits(w.acknowledged)}` : 'no verifying writer', 'lostWrites', w.missing, w.missing > 0 || w.verifyError ? ' prominent' : '')}
${tile('unavailability', window, 'unavailabilityMs', u.windowMs)}
${tile('writes failed', groupDigits(w.failed), 'failedWrites', w.failed)}
${w.wait ? tile('acknowledged, not replicated', groupDigits(w.notReplicated), 'notReplicated', w.notReplicated) : ''}
</div>
<ul>
<li>Event: ${when}: <code>${d.trigger}</code>${d.triggerError ? html` · <strong class="bad">failed: ${d.triggerError}</strong>` : ''}</li>
<li>Master: ${d.masterBefore ?? '?'}${moved ? ` → ${d.masterAfter ?? '?'}${found}` : ' (unchanged)'}</li>
<li>Unavailability: ${unavailability(d)}</li>
${w.sent > 0 ? html`<li>Verifying writes ${w.wait ? `with WAIT ${w.wait.replicas} ${w.wait.timeoutMs}` : 'without WAIT'}: ${groupDigits(w.sent)} sent, ${groupDigits(w.acknowledged)} acknowledged, ${groupDigits(w.failed)} failed${w.verifyError ? html`; <strong class="bad">the read-back failed: ${w.verifyError}</strong>` : ''}${w.missingSample.length > 0 ? html`; missing for example <code>${w.missingSample.slice(0, 5).join(', ')}</code>` : ''}</li>` : ''}
</ul>
${drillTimelineCharts(d, charts)}
</section>`;
}

function unavailability(d: DrillResult): string {
  const u = d.unavailability;
  if (u.startAtS === null) return `none seen (no verifying write failed or took over ${ms(u.stallThresholdMs)})`;
  if (u.endAtS === null) return `from ${u.startAtS.toFixed(2)} s (${u.firstFailure}) to the end of the phase: no write succeeded on ${d.masterAfter ?? 'the master'} after it`;
  return `${ms(u.windowMs)}, from ${u.startAtS.toFixed(2)} s (first failure: ${u.firstFailure}) to ${u.endAtS.toFixed(2)} s (first write acknowledged by ${d.masterAfter})`;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}
