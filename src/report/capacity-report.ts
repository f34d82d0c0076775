/** The terminal view of a RunResult's capacity section: step table, chart, answer, memory, projection. */
import { renderCapacityChart, stepMark } from './capacity-chart.js';
import type { CapacityResult, MemoryResult, ProjectionResult } from './capacity-result.js';
import { formatCount, formatUs } from './format.js';

/** Renders the capacity section as text lines. */
export function renderCapacity(capacity: CapacityResult): string {
  const ran = capacity.steps.length;
  const lines = [`capacity sweep over ${capacity.over}: ${ran} of ${capacity.plannedValues.length} steps`];
  if (capacity.stoppedEarly) lines.push(`  stopped early: ${capacity.stoppedEarly}`);
  const rows: string[][] = [['#', 'step', 'target', 'achieved', 'p50', 'p99', 'p99.9', 'max', 'errors', capacity.slo ? 'SLO' : '']];
  capacity.steps.forEach((s, i) => {
    const slo = s.meetsSlo === null ? '' : s.meetsSlo ? 'meets' : `misses: ${s.sloMisses.join(', ') || 'partial'}`;
    rows.push([
      stepMark(i),
      s.name + (s.partial ? ' (partial)' : ''),
      s.targetRate === null ? '-' : `${formatCount(s.targetRate)}/s`,
      `${formatCount(s.opsPerSec)}/s`,
      formatUs(s.latencyUs.p50),
      formatUs(s.latencyUs.p99),
      formatUs(s.latencyUs.p999),
      formatUs(s.latencyUs.max),
      `${+(s.errorRate * 100).toPrecision(3)}%`,
      slo + (s.saturated ? `${slo ? '; ' : ''}saturated` : ''),
    ]);
  });
  lines.push(...table(rows).map((l) => `  ${l.trimEnd()}`));
  const chart = renderCapacityChart(capacity);
  if (chart.length > 0) lines.push('', ...chart.map((l) => `  ${l}`));
  lines.push('');
  if (capacity.maxWithinSlo) {
    const m = capacity.maxWithinSlo;
    lines.push(`max within SLO: ${formatCount(m.opsPerSec)} ops/s at step ${m.step} (p99 ${formatUs(m.p99Us)})`);
  }
  if (capacity.knee) {
    const k = capacity.knee;
    lines.push(`knee: ${formatCount(k.opsPerSec)} ops/s at step ${k.step} (p99 ${formatUs(k.p99Us)}); method: ${k.method}`);
  }
  lines.push(`=> ${capacity.summary}`);
  if (capacity.memory) lines.push('', ...renderMemory(capacity.memory));
  if (capacity.projection) lines.push('', ...renderProjection(capacity.projection));
  return `${lines.join('\n')}\n`;
}

/** The memory figures as lines (also shown by the HTML report). */
export function renderMemory(m: MemoryResult): string[] {
  const lines = [
    `memory (${m.measured}): used_memory ${bytes(m.usedMemoryBefore)} -> ${bytes(m.usedMemoryAfter)}, keys ${m.keysBefore} -> ${m.keysAfter}` +
      (m.bytesPerKeyFromInfo === null ? '' : `, ${Math.round(m.bytesPerKeyFromInfo)} B/key from INFO`),
  ];
  for (const s of m.samples) {
    const types = Object.entries(s.types).map(([t, n]) => `${t}:${n}`).join(',');
    const per =
      s.bytesPerElement === null || s.elementsPerKey === null
        ? ''
        : `, ${s.elementsPerKey.toFixed(1)} ${s.elementName ?? 'element'}s/key, ${Math.round(s.bytesPerElement)} B/${s.elementName ?? 'element'}`;
    lines.push(`  keyspace ${s.keyspace}: MEMORY USAGE on ${s.found} of ${s.sampled} sampled keys (${types}): ${Math.round(s.bytesPerKey)} B/key${per}`);
  }
  if (m.bytesPerKey !== null) lines.push(`  bytes per key used for projections: ${Math.round(m.bytesPerKey)}`);
  return lines;
}

/** The shard projection and its arithmetic as lines (also shown by the HTML report). */
export function renderProjection(p: ProjectionResult): string[] {
  const lines = [`projection: ${p.shards === null ? 'not enough data' : `${p.shards} shard(s)`} (headroom x${p.headroom})`];
  for (const note of p.notes) lines.push(`  ${note}`);
  return lines;
}

function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const left = new Set([0, 1, rows[0]!.length - 1]);
  return rows.map((r) => r.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}
