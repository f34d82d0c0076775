/**
 * The sortable per-command table (also used per cluster node): every cell carries its raw value
 * in data-value, which sorting uses and tests compare with the JSON report. Server-side latency
 * sits beside the client's when the report has it.
 */
import { isRoleLabel } from '../../shared/role-labels.js';
import { formatCount, formatUs } from '../format.js';
import type { OpStats } from '../run-result.js';
import { html, type Markup } from './markup.js';
import { errorCount, errorKinds, groupDigits } from './numbers.js';
import type { OpStatsExtras } from './report-extras.js';

interface Column {
  name: string;
  cell: (s: OpStatsExtras) => { value: number | null; text: string; title?: string };
}

const us = (value: number) => ({ value, text: formatUs(value) });

const BASE_COLUMNS: Column[] = [
  { name: 'ops/s', cell: (s) => ({ value: s.opsPerSec, text: formatCount(s.opsPerSec) }) },
  { name: 'ops', cell: (s) => ({ value: s.ops, text: groupDigits(s.ops) }) },
  { name: 'errors', cell: (s) => ({ value: errorCount(s.errors), text: groupDigits(errorCount(s.errors)), title: errorKinds(s.errors) }) },
  { name: 'mean', cell: (s) => us(s.latencyUs.mean) },
  { name: 'p50', cell: (s) => us(s.latencyUs.p50) },
  { name: 'p90', cell: (s) => us(s.latencyUs.p90) },
  { name: 'p99', cell: (s) => us(s.latencyUs.p99) },
  { name: 'p99.9', cell: (s) => us(s.latencyUs.p999) },
  { name: 'max', cell: (s) => us(s.latencyUs.max) },
];

const SERVICE_COLUMN: Column = {
  name: 'service p99',
  cell: (s) => (s.serviceTimeUs ? us(s.serviceTimeUs.p99) : { value: null, text: '–' }),
};

const SERVER_COLUMNS: Column[] = (['p50', 'p99'] as const).map((p) => ({
  name: `server ${p}`,
  cell: (s: OpStatsExtras) =>
    s.serverLatencyUs
      ? { value: s.serverLatencyUs[p], text: `≤${formatUs(s.serverLatencyUs[p])}`, title: 'LATENCY HISTOGRAM: the upper bound of its bucket' }
      : { value: null, text: '–', ...(s.serverLatencyReason ? { title: s.serverLatencyReason } : {}) },
}));

/** The table of `rows` (label → stats) with `total` in the footer. */
export function statsTable(firstColumn: string, rows: Record<string, OpStats>, total: OpStats | null, rowAttribute: string): Markup {
  const all = [...Object.values(rows), ...(total ? [total] : [])] as OpStatsExtras[];
  const columns = [...BASE_COLUMNS];
  if (all.some((s) => s.serviceTimeUs)) columns.push(SERVICE_COLUMN);
  if (all.some((s) => s.serverLatencyUs !== undefined)) columns.push(...SERVER_COLUMNS);
  const entries = Object.entries(rows) as [string, OpStatsExtras][];
  // Deliveries and queue waits are not commands: listed after them, outside the sort.
  const commands = entries.filter(([label]) => !isRoleLabel(label));
  const roles = entries.filter(([label]) => isRoleLabel(label));
  const row = (label: string, s: OpStatsExtras, attribute: string) =>
    html`<tr ${attribute}="${label}"><td data-value="${label}">${label}</td>${columns.map((c) => {
      const cell = c.cell(s);
      return html`<td data-field="${c.name}"${cell.value === null ? '' : html` data-value="${cell.value}"`}${cell.title ? html` title="${cell.title}"` : ''}>${cell.text}</td>`;
    })}</tr>`;
  return html`<div class="table-wrap"><table class="sortable">
<thead><tr><th data-sort="text"><button type="button">${firstColumn}</button></th>${columns.map((c) => html`<th><button type="button">${c.name}</button></th>`)}</tr></thead>
<tbody>${commands.map(([label, s]) => row(label, s, rowAttribute))}</tbody>
<tfoot>${total ? row('total', total as OpStatsExtras, 'data-total') : ''}${roles.map(([label, s]) => row(label, s, rowAttribute))}</tfoot>
</table></div>`;
}
