/**
 * Which server histogram belongs to which report label. Redis keeps one histogram per command
 * name, so a label gets the histogram of its command only when no other label of the mix sends
 * that command too; a MULTI block is timed by its EXEC (whose time covers the commands inside).
 * The phase total adds the histograms of every label's command once.
 */
import {
  addServerHistograms,
  summariseServerHistogram,
  type ServerHistogram,
  type ServerHistograms,
  type ServerLatencySummary,
} from '../metrics/server-latency.js';
import type { MixEntryPlan } from '../plan/index.js';
import type { OpStats, PhaseResult } from '../report/run-result.js';

export interface LabelCommand {
  label: string;
  /** The server command (lower case) whose histogram this label gets; null with `reason` when none can be its own. */
  command: string | null;
  reason?: string;
}

export interface ServerLatencyPlan {
  /** Command names to ask the nodes that take every command (masters, standalone). */
  commands: string[];
  /** Command names to ask replicas: only those sent to them (replicas also replay the master's writes). */
  replicaCommands: string[];
  labels: LabelCommand[];
  /** Commands whose histograms add up to the phase total. */
  totalCommands: string[];
}

/** What the server side of one phase came to: histograms summed over nodes (and rounds), or why there are none. */
export type PhaseServerView = { histograms: ServerHistograms } | { reason: string };

/** Works out the commands to read and the label each one belongs to. */
export function serverLatencyPlan(mix: readonly MixEntryPlan[]): ServerLatencyPlan {
  const own = (entry: MixEntryPlan): string => (entry.kind === 'multi' ? 'exec' : (entry.commands[0]?.template.command ?? '').toLowerCase());
  const senders = new Map<string, Set<string>>();
  const note = (command: string, label: string) => {
    if (!senders.has(command)) senders.set(command, new Set());
    senders.get(command)!.add(label);
  };
  for (const entry of mix) {
    note(own(entry), entry.label);
    // Commands inside a block run (and are counted) under their own names too.
    if (entry.kind === 'multi') for (const c of entry.commands) note(c.template.command.toLowerCase(), entry.label);
  }
  const labels = mix.map((entry): LabelCommand => {
    const command = own(entry);
    const others = [...(senders.get(command) ?? [])].filter((l) => l !== entry.label);
    if (others.length === 0) return { label: entry.label, command };
    return {
      label: entry.label,
      command: null,
      reason: `Redis keeps one histogram per command and ${command.toUpperCase()} is also sent by ${others.join(', ')} (see the phase total)`,
    };
  });
  const totalCommands = [...new Set(mix.map(own))];
  const replicaCommands = [...new Set(mix.filter((e) => e.readOnly && e.kind === 'command').map(own))];
  return { commands: [...new Set([...totalCommands, ...senders.keys()])], replicaCommands, labels, totalCommands };
}

/** A command's histogram in `histograms`, its subcommands ("config|get") included. */
export function commandHistogram(histograms: ServerHistograms, command: string): ServerHistogram {
  const parts = [...histograms].filter(([name]) => name === command || name.startsWith(`${command}|`)).map(([, h]) => h);
  return addServerHistograms(parts);
}

/** Sets `serverLatencyUs` (and `serverLatencyReason` when null) on the phase's commands and total. */
export function attachServerLatency(phase: PhaseResult, plan: ServerLatencyPlan, view: PhaseServerView): void {
  const unavailable = (stats: OpStats | undefined, reason: string) => {
    if (stats === undefined) return;
    stats.serverLatencyUs = null;
    stats.serverLatencyReason = reason;
  };
  if ('reason' in view) {
    for (const { label } of plan.labels) unavailable(phase.commands[label], view.reason);
    unavailable(phase.totals, view.reason);
    return;
  }
  const set = (stats: OpStats | undefined, summary: ServerLatencySummary, what: string) => {
    if (stats === undefined) return;
    // The client got replies the server never counted: its histograms are off (latency-tracking no).
    if (summary.count === 0 && stats.ops > 0) return unavailable(stats, `the server recorded no ${what} calls (is latency-tracking off? CONFIG GET latency-tracking)`);
    stats.serverLatencyUs = summary;
  };
  for (const { label, command, reason } of plan.labels) {
    if (command === null) unavailable(phase.commands[label], reason ?? 'no histogram of its own');
    else set(phase.commands[label], summariseServerHistogram(commandHistogram(view.histograms, command)), command.toUpperCase());
  }
  const total = addServerHistograms(plan.totalCommands.map((c) => commandHistogram(view.histograms, c)));
  set(phase.totals, summariseServerHistogram(total), plan.totalCommands.map((c) => c.toUpperCase()).join('/'));
}
