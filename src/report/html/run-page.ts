/**
 * The HTML view of a RunResult (run, drill, sweep): like the terminal view, a pure function of
 * the JSON report, which it embeds. Top to bottom: what was tested, the verdicts, each phase,
 * the phase comparison, then a drill's or a sweep's own section.
 */
import type { RunResult } from '../run-result.js';
import { capacitySection } from './capacity-section.js';
import { comparisonSection } from './comparison-section.js';
import { renderDocument } from './document.js';
import { drillSection } from './drill-section.js';
import { headerSection } from './header-section.js';
import { html, type Markup } from './markup.js';
import { PageCharts } from './page-charts.js';
import { phaseSection } from './phase-section.js';
import { verdictsSection } from './verdicts-section.js';

/** The self-contained page of a run, a drill or a sweep. */
export function renderRunHtml(result: RunResult): string {
  const charts = new PageCharts();
  const kind = result.drill ? 'rbench drill' : result.capacity ? 'rbench sweep' : 'rbench run';
  const drill = result.drill ? drillSection(result.drill, charts) : html``;
  const capacity = result.capacity ? capacitySection(result.capacity) : html``;
  const body = html`${headerSection(result, kind)}
${verdictsSection(result)}
${drill}
${capacity}
${result.phases.map((p, i) => phaseSection(p, charts, i))}
${result.capacity ? '' : comparisonSection(result)}
${notes(result)}`;
  const name = (result.plan as { name?: string } | null)?.name ?? 'run';
  return renderDocument({ title: `${kind} ${name} · ${result.startedAt}`, body, charts: charts.specs, embedded: result });
}

/** Setup steps, warnings and worker failures, at the end. */
function notes(result: RunResult): Markup {
  const items = [
    ...result.setup.map((s) => html`<li>setup ${s.label}: ${s.ops} commands${Object.keys(s.errors).length > 0 ? `, errors ${JSON.stringify(s.errors)}` : ''}</li>`),
    ...result.warnings.map((w) => html`<li>warning: ${w}</li>`),
    ...result.failures.map((f) => html`<li class="bad">worker ${f.worker} failed: ${f.message}</li>`),
  ];
  return items.length === 0 ? html`` : html`<section id="notes"><h2>Notes</h2><ul class="notes">${items}</ul></section>`;
}
