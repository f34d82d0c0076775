/**
 * The verdicts, first on the page: what rbench concluded about each phase (not steady, a stall,
 * limited by the client, too many errors), plus what makes the whole run suspect (interrupted,
 * failed workers, a drill action that failed, lost writes).
 */
import type { RunResult } from '../run-result.js';
import { extras, type VerdictLike } from './report-extras.js';
import { html, type Markup } from './markup.js';

interface Finding {
  badge: string;
  where: string;
  message: string;
}

/** The verdicts box. */
export function verdictsSection(result: RunResult): Markup {
  const findings: Finding[] = [];
  let phasesWithVerdicts = 0;
  for (const phase of result.phases) {
    const verdicts = extras(phase).verdicts;
    if (!Array.isArray(verdicts)) continue;
    phasesWithVerdicts++;
    for (const v of verdicts) findings.push({ badge: badgeOf(v), where: `phase ${phase.name}`, message: v.message });
  }
  if (result.interrupted) findings.push({ badge: 'interrupted', where: 'run', message: 'the run was interrupted: the figures cover only what ran before' });
  for (const f of result.failures) findings.push({ badge: 'worker failed', where: `worker ${f.worker}`, message: f.message });
  const drill = result.drill;
  if (drill?.triggerError) findings.push({ badge: 'drill', where: `phase ${drill.phase}`, message: `the ${drill.action} action failed: ${drill.triggerError}` });
  if (drill && drill.writes.missing > 0) {
    findings.push({ badge: 'lost writes', where: `phase ${drill.phase}`, message: `${drill.writes.missing} of ${drill.writes.acknowledged} acknowledged writes were missing after the ${drill.action}` });
  }
  const none =
    phasesWithVerdicts === 0
      ? 'this report has no verdicts (written by an rbench that did not judge phases)'
      : 'no verdict: no phase was unsteady, stalled, limited by the client or over its error limit';
  return html`<section class="verdicts${findings.length > 0 ? ' flagged' : ''}" id="verdicts">
  <h2>Verdicts</h2>
  ${findings.length === 0 ? html`<p class="good" data-verdicts="0">✓ ${none}</p>` : html`<ul data-verdicts="${findings.length}">${findings.map(
    (f) => html`<li><span class="badge bad">${f.badge}</span><strong>${f.where}</strong>: ${f.message}</li>`,
  )}</ul>`}
</section>`;
}

function badgeOf(v: VerdictLike): string {
  return v.kind.replace(/-/g, ' ');
}
