/**
 * The terminal's "where the time went": the client's percentiles beside the server's own
 * (LATENCY HISTOGRAM) per command, and one sentence on where the client's p99 was spent.
 */
import { isRoleLabel } from '../shared/role-labels.js';
import { formatUs } from './format.js';
import type { OpStats, PhaseResult } from './run-result.js';

export interface ServerLatencyView {
  /** Table rows (header first), or null when no command has server figures. */
  rows: string[][] | null;
  /** Lines under the table: the sentence, and why figures are missing. */
  notes: string[];
}

/** Server share of the client's p99 above which the time is said to be spent in Redis. */
const MOSTLY_SERVER = 0.5;

/** Client and server figures side by side; nothing when the phase was never probed. */
export function serverLatencyView(phase: PhaseResult): ServerLatencyView {
  const entries = Object.entries(phase.commands).filter(([label]) => !isRoleLabel(label));
  const all: [string, OpStats][] = [...entries, ['total', phase.totals]];
  if (all.every(([, s]) => s.serverLatencyUs === undefined)) return { rows: null, notes: [] };
  const notes: string[] = [];
  const reasons = new Map<string, string[]>();
  for (const [label, s] of all) {
    if (s.serverLatencyUs === null) reasons.set(s.serverLatencyReason ?? 'unknown', [...(reasons.get(s.serverLatencyReason ?? 'unknown') ?? []), label]);
  }
  const shown = all.filter(([, s]) => s.serverLatencyUs);
  let rows: string[][] | null = null;
  if (shown.length > 0) {
    rows = [['command', 'client p50', 'server p50', 'client p99', 'server p99', 'client p99.9', 'server p99.9', 'server count']];
    for (const [label, s] of shown) {
      const server = s.serverLatencyUs!;
      rows.push([
        label,
        formatUs(s.latencyUs.p50),
        `≤${formatUs(server.p50)}`,
        formatUs(s.latencyUs.p99),
        `≤${formatUs(server.p99)}`,
        formatUs(s.latencyUs.p999),
        `≤${formatUs(server.p999)}`,
        String(server.count),
      ]);
    }
    // The sentence is about the single command, or the total of a mix.
    const [label, s] = entries.length === 1 && entries[0]![1].serverLatencyUs ? entries[0]! : ['total', phase.totals];
    if (s.serverLatencyUs) notes.push(whereTheTimeWent(label, s));
  }
  for (const [reason, labels] of reasons) {
    const which = labels.length === all.length ? '' : ` (${labels.join(', ')})`;
    notes.push(`server-side latency not available${which}: ${reason}`);
  }
  return { rows, notes };
}

/** "GET p99: 1.34ms at the client, ≤2us in Redis: the rest is network, queueing and the client". */
export function whereTheTimeWent(label: string, s: OpStats): string {
  const client = s.latencyUs.p99;
  const server = s.serverLatencyUs!.p99;
  const head = `${label} p99: ${formatUs(client)} at the client, ≤${formatUs(server)} in Redis`;
  if (client > 0 && server >= client * MOSTLY_SERVER) return `${head}: most of it is spent in Redis itself`;
  return `${head}: the rest is network, queueing and the client`;
}
