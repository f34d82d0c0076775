/**
 * One bench:peers row: every tool, round after round, the order rotated each round so slow drift
 * (thermal, neighbours) favours nobody; each run between two reads of the server's counters (GET
 * misses, commands the server saw); then the medians and the ratios of the row.
 */
import { machineLoad, type ChildTimer } from './peer-process.js';
import { fmtCpu, fmtRate, fmtUs, pairSpread, ratioOf, summarise, type Sample, type ToolSummary, type WorkloadSummary } from './peer-summary.js';
import { COUNTER_COMMANDS_PER_NODE, type BenchTarget } from './peer-targets.js';
import { runTool, specOf, type ToolSpec } from './peer-tools.js';
import type { Row } from './peer-workloads.js';

export interface RowContext {
  timer: ChildTimer;
  target: BenchTarget;
  /** The tools of this target, in their round-1 order. */
  tools: ToolSpec[];
  rounds: number;
  durationS: number;
  durationArg: string;
  /** rbench builds' fixed start-up CPU seconds on this target, by tool name. */
  startupCpuS: Map<string, number>;
}

/** The tool order of round `round` (0-based): round 1 as given, then rotated by one each round. */
export function rotation<T>(tools: readonly T[], round: number): T[] {
  return tools.map((_, i) => tools[(i + round) % tools.length]!);
}

/** Requests for redis-benchmark's calibration run: about a second at most, less for large values. */
export function calibrationRequests(pipeline: number, dataSize: number): number {
  return Math.max(10_000, Math.round(20_000 * pipeline * Math.min(1, 1024 / dataSize)));
}

const lengthOf = (ctx: RowContext, requests: number) => ({ seconds: ctx.durationS, durationArg: ctx.durationArg, requests });

/** Runs every round of `row` and sums it up. */
export async function runRow(ctx: RowContext, row: Row): Promise<WorkloadSummary> {
  const spec = specOf(ctx.target, row);
  const machine = await machineLoad();
  const pressure = machine.cpuPressureAvg10 === null ? '' : `, CPU pressure ${machine.cpuPressureAvg10.toFixed(0)}% (tasks waiting for a CPU)`;
  console.log(`  ${row.label}: machine load ${machine.loadAvg1.toFixed(1)}${pressure}`);
  // redis-benchmark runs a request count: calibrate it to last about --duration.
  let rbRate = 0;
  const redisBenchmark = ctx.tools.find((t) => t.kind === 'redis-benchmark');
  if (redisBenchmark) {
    const calib = await runTool(ctx.timer, redisBenchmark, spec, lengthOf(ctx, calibrationRequests(row.pipeline, row.dataSize)));
    rbRate = calib.opsPerSec;
  }
  const samples = new Map<string, Sample[]>(ctx.tools.map((t) => [t.name, []]));
  const nameWidth = Math.max(17, ...ctx.tools.map((t) => t.name.length));
  for (let round = 0; round < ctx.rounds; round++) {
    for (const tool of rotation(ctx.tools, round)) {
      const requests = Math.max(1000, Math.round(rbRate * ctx.durationS));
      const before = await ctx.target.counters();
      const s = await runTool(ctx.timer, tool, spec, lengthOf(ctx, requests));
      const after = await ctx.target.counters();
      // Our own INFOs are counted too; PINGs are rbench's own warm-up (no tool's workload sends PING).
      s.serverCommands = after.commands - before.commands - COUNTER_COMMANDS_PER_NODE * ctx.target.nodes.length - (after.pings - before.pings);
      if (row.command === 'GET') s.misses = after.misses - before.misses;
      if (tool.kind === 'redis-benchmark') rbRate = s.opsPerSec;
      samples.get(tool.name)!.push(s);
      console.log(`  ${row.label.padEnd(16)} round ${round + 1}/${ctx.rounds}  ${tool.name.padEnd(nameWidth)} ${describeSample(s)}`);
    }
  }
  const summaries = ctx.tools.map((t) => summarise(t.name, samples.get(t.name)!, ctx.startupCpuS.get(t.name) ?? null));
  const byKind = (kind: ToolSpec['kind']): ToolSummary | undefined => summaries.find((x) => ctx.tools.find((t) => t.name === x.tool)?.kind === kind);
  const rbench = summaries.find((x) => x.tool === 'rbench');
  const other = ctx.tools.find((t) => t.kind === 'rbench' && t.name !== 'rbench');
  const otherSummary = other ? summaries.find((x) => x.tool === other.name) : undefined;
  const vsOther = ratioOf(rbench, otherSummary);
  return {
    workload: row.label,
    group: row.group,
    target: row.target,
    command: row.command,
    pipeline: row.pipeline,
    dataSize: row.dataSize,
    tools: summaries,
    ratios: ratioOf(rbench, byKind('redis-benchmark')),
    ratiosVsMemtier: ratioOf(rbench, byKind('memtier_benchmark')),
    ratiosVsOther: vsOther && other && rbench && otherSummary ? { ...vsOther, other: other.name, throughputPerRound: pairSpread(rbench, otherSummary) } : null,
    machine,
  };
}

/** One run's line: rate, CPU, latency, misses, what the server counted, rbench's own stalls. */
export function describeSample(s: Sample): string {
  const miss = s.misses !== undefined ? ` · ${s.misses} misses` : '';
  // The server's count over the tool's: about 1 for a tool that counts its own requests (memtier's is rate × time).
  const server = s.serverCommands !== undefined && s.ops > 0 ? ` · server saw ×${(s.serverCommands / s.ops).toFixed(2)}` : '';
  const redirects = s.redirectsPerSec ? ` · ${Math.round(s.redirectsPerSec)} redirects/s (MOVED + ASK)` : '';
  const own = s.client ? ` · loop stall ≤${fmtUs(s.client.eventLoopDelayMaxUs)}, ${s.client.gcCount} GC ≤${s.client.gcMaxMs.toFixed(1)}ms` : '';
  return (
    `${fmtRate(s.opsPerSec).padStart(7)} ops/s  ${s.cpuS.toFixed(2)} s CPU / ${s.wallS.toFixed(2)} s wall  ${fmtCpu((s.cpuS / s.ops) * 1e6)} CPU s/M ops  ` +
    `p50 ${fmtUs(s.latency.p50Us)} p99 ${fmtUs(s.latency.p99Us)} p99.9 ${fmtUs(s.latency.p999Us)} max ${fmtUs(s.latency.maxUs)}${miss}${server}${redirects}${own}`
  );
}
