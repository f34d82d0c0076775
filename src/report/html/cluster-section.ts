/** Cluster targets: the per-node table and per-node throughput, and the redirects seen. */
import { formatCount } from '../format.js';
import type { PhaseResult } from '../run-result.js';
import { statsTable } from './command-table.js';
import { html, type Markup } from './markup.js';
import { groupDigits } from './numbers.js';
import { barChart } from './svg-bars.js';

/** The cluster part of a phase, or nothing for other topologies. */
export function clusterSection(phase: PhaseResult): Markup {
  if (!phase.nodes || Object.keys(phase.nodes).length === 0) return html``;
  const nodes = Object.entries(phase.nodes);
  const redirects = Object.entries(phase.cluster ?? {}).map(([name, n]) => `${name.replace(/^cluster\./, '')} ${groupDigits(n)}`);
  return html`<h3>Per node (the node that gave each command's final answer)</h3>
${statsTable('node', phase.nodes, null, 'data-node')}
${barChart(`Throughput per node, phase ${phase.name}`, nodes.map(([address, s]) => ({ label: address, value: s.opsPerSec })), (n) => `${formatCount(n)}/s`)}
<p>Cluster redirects and retries: ${redirects.length > 0 ? redirects.join(', ') : 'none'}</p>`;
}
