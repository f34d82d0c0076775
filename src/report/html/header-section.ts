/** The top of a run's page: what was tested, with which rbench, when, and the settings. */
import type { Plan } from '../../plan/index.js';
import { formatCount } from '../format.js';
import type { RunResult } from '../run-result.js';
import { html, type Markup } from './markup.js';

/** Title, target, version, time and settings. */
export function headerSection(result: RunResult, kind: string): Markup {
  const plan = result.plan as Partial<Plan> | null;
  const name = plan?.name ?? 'run';
  const t = result.target;
  const where = t.readFrom === 'replica' ? 'read-only commands on the replicas, the rest on the master(s)' : 'the master(s)';
  const started = new Date(result.startedAt);
  const seconds = (new Date(result.endedAt).getTime() - started.getTime()) / 1000;
  return html`<header>
  <div class="topline"><h1>${kind} ${name}</h1><a class="download" data-download-json href="#" download="${fileName(result)}">download JSON</a></div>
  ${plan?.description ? html`<p class="muted">${plan.description}</p>` : ''}
  <dl class="settings">
    <dt>target</dt><dd><code>${t.url}</code> · ${t.topology} · Redis ${t.serverVersion ?? 'version unknown'}</dd>
    <dt>nodes</dt><dd>${t.nodes.join(', ') || '–'}</dd>
    <dt>load went to</dt><dd>${where}</dd>
    <dt>when</dt><dd>${result.startedAt} to ${result.endedAt} (${seconds.toFixed(0)} s)${result.interrupted ? html` · <strong class="bad">interrupted</strong>` : ''}</dd>
    <dt>rbench</dt><dd>${result.rbench.version} · Node ${result.environment.node} · ${result.environment.os} · ${result.environment.cpus} cores · ${result.environment.hostname}</dd>
    ${settings(plan)}
  </dl>
</header>`;
}

/** The plan's settings that change what the figures mean. */
function settings(plan: Partial<Plan> | null): Markup {
  if (!plan) return html``;
  const phases = plan.phases ?? [];
  const mode = phases.map((p) => `${p.name}: ${p.rate === null ? 'closed loop' : `open model at ${formatCount(p.rate)}/s`}, pipeline ${p.pipeline}, ${p.connections} connections, ${length(p)}${p.warmupMs > 0 ? ` after ${p.warmupMs / 1000}s warm-up` : ''}`);
  const mix = (plan.mix ?? []).map((m) => `${m.label} ${(m.share * 100).toFixed(0)}% (${m.commands.map((c) => c.text).join('; ')})`);
  const keyspace = plan.keyspace;
  return html`<dt>phases</dt><dd>${mode.map((m, i) => html`${i > 0 ? html`<br>` : ''}${m}`)}</dd>
    <dt>mix</dt><dd>${mix.map((m, i) => html`${i > 0 ? html`<br>` : ''}<code>${m}</code>`)}</dd>
    ${keyspace ? html`<dt>keyspace</dt><dd>${formatCount(keyspace.keys)} keys, prefix <code>${keyspace.prefix}</code>, ${keyspace.distribution.kind}</dd>` : ''}
    <dt>workers · seed</dt><dd>${plan.workers ?? '?'} worker thread(s) · seed ${plan.seed ?? '?'}</dd>`;
}

function length(p: { durationMs: number | null; requests: number | null }): string {
  if (p.durationMs !== null) return `${p.durationMs / 1000}s`;
  return `${formatCount(p.requests ?? 0)} requests`;
}

/** The name the "download JSON" link suggests. */
function fileName(result: RunResult): string {
  const name = (result.plan as { name?: string } | null)?.name ?? 'rbench';
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}-${result.startedAt.replace(/[:.]/g, '-')}.json`;
}
