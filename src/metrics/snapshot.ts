/**
 * Decoding and merging recorder snapshots on the main thread. Workers' histograms are added
 * exactly (HDR addition); percentiles are never averaged.
 */
import type { Histogram } from 'hdr-histogram-js';
import { createHistogram, decodeHistogram, encodeHistogram } from './histogram-backend.js';
import type { CommandSnapshot, RecorderSnapshot } from './stage-snapshot.js';

export type { CommandSnapshot, RecorderSnapshot } from './stage-snapshot.js';

export interface DecodedCommand {
  label: string;
  ops: number;
  nulls: number;
  errors: Record<string, number>;
  response: Histogram | null;
  /** null: the same as the response time (closed loop). */
  service: Histogram | null;
}

export interface DecodedSnapshot extends Omit<RecorderSnapshot, 'commands' | 'sendLag'> {
  commands: DecodedCommand[];
  sendLag: Histogram | null;
}

/** Decodes a snapshot's histograms; call destroyDecoded when done (WebAssembly memory). */
export function decodeSnapshot(snap: RecorderSnapshot): DecodedSnapshot {
  const commands: DecodedCommand[] = [];
  const decoded: DecodedSnapshot = { ...snap, commands, sendLag: null };
  try {
    for (const c of snap.commands) {
      const response = c.response === null ? null : decodeHistogram(c.response);
      // Push before decoding the next one so a failure below still frees this histogram.
      const d: DecodedCommand = { ...c, errors: { ...c.errors }, response, service: null };
      commands.push(d);
      d.service = c.service === null ? null : decodeHistogram(c.service);
    }
    decoded.sendLag = snap.sendLag === null ? null : decodeHistogram(snap.sendLag);
  } catch (e) {
    destroyDecoded(decoded);
    throw e;
  }
  return decoded;
}

/** Frees the histograms of a decoded snapshot. */
export function destroyDecoded(decoded: DecodedSnapshot): void {
  for (const c of decoded.commands) {
    c.response?.destroy();
    c.service?.destroy();
    c.response = null;
    c.service = null;
  }
  decoded.sendLag?.destroy();
  decoded.sendLag = null;
}

/** Adds an encoded histogram into an accumulator, freeing the decoded copy. */
export function addEncoded(into: Histogram, base64: string): void {
  const h = decodeHistogram(base64);
  try {
    into.add(h);
  } finally {
    h.destroy();
  }
}

interface Accumulator {
  label: string;
  ops: number;
  nulls: number;
  abandoned: number;
  lowerBounds: number;
  errors: Record<string, number>;
  response: Histogram | null;
  service: Histogram | null;
  /** Encoded response histograms of inputs without a service histogram, for the service sum. */
  serviceFromResponse: string[];
  anyService: boolean;
}

/**
 * Merges snapshots (several workers' same interval, or their totals) into one, matching
 * commands by label. Counts and errors add; histograms add exactly. Where one input kept
 * service time and another did not, the latter's response time stands in (they are equal in
 * closed loop). The time span is the union; kind, phase and seq are the first input's.
 */
export function mergeSnapshots(snaps: readonly RecorderSnapshot[]): RecorderSnapshot {
  const first = snaps[0];
  if (first === undefined) throw new RangeError('mergeSnapshots needs at least one snapshot');
  const byLabel = new Map<string, Accumulator>();
  let sendLag: Histogram | null = null;
  let neverSent: Histogram | null = null;
  try {
    for (const snap of snaps) {
      if (snap.sendLag !== null) {
        sendLag ??= createHistogram();
        addEncoded(sendLag, snap.sendLag);
      }
      if (snap.neverSent) {
        neverSent ??= createHistogram();
        addEncoded(neverSent, snap.neverSent);
      }
    }
    for (const snap of snaps) {
      for (const c of snap.commands) mergeCommand(byLabel, c);
    }
    const commands: CommandSnapshot[] = [];
    for (const acc of byLabel.values()) {
      if (acc.anyService && acc.service !== null) for (const r of acc.serviceFromResponse) addEncoded(acc.service, r);
      commands.push({
        label: acc.label,
        ops: acc.ops,
        nulls: acc.nulls,
        errors: acc.errors,
        abandoned: acc.abandoned,
        lowerBounds: acc.lowerBounds,
        response: acc.response === null ? null : encodeHistogram(acc.response),
        service: acc.anyService && acc.service !== null ? encodeHistogram(acc.service) : null,
      });
    }
    return {
      version: 1,
      kind: first.kind,
      phase: first.phase,
      seq: first.seq,
      startUs: Math.min(...snaps.map((s) => s.startUs)),
      endUs: Math.max(...snaps.map((s) => s.endUs)),
      commands,
      sendLag: sendLag === null ? null : encodeHistogram(sendLag),
      dropped: snaps.reduce((sum, s) => sum + s.dropped, 0),
      unsent: snaps.reduce((sum, s) => sum + (s.unsent ?? 0), 0),
      neverSent: neverSent === null ? null : encodeHistogram(neverSent),
      counters: sumCounters(snaps),
      ...(snaps.some((s) => s.nodes !== undefined) ? { nodes: mergeNodeLists(snaps) } : {}),
    };
  } finally {
    sendLag?.destroy();
    neverSent?.destroy();
    for (const acc of byLabel.values()) {
      acc.response?.destroy();
      acc.service?.destroy();
    }
  }
}

/** Per-node lists merged by address (response time only: nodes keep no service time). */
function mergeNodeLists(snaps: readonly RecorderSnapshot[]): CommandSnapshot[] {
  const byLabel = new Map<string, Accumulator>();
  try {
    for (const snap of snaps) for (const c of snap.nodes ?? []) mergeCommand(byLabel, c);
    return [...byLabel.values()].map((acc) => ({
      label: acc.label,
      ops: acc.ops,
      nulls: acc.nulls,
      errors: acc.errors,
      response: acc.response === null ? null : encodeHistogram(acc.response),
      service: null,
    }));
  } finally {
    for (const acc of byLabel.values()) {
      acc.response?.destroy();
      acc.service?.destroy();
    }
  }
}

function sumCounters(snaps: readonly RecorderSnapshot[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const snap of snaps) {
    for (const [name, n] of Object.entries(snap.counters ?? {})) out[name] = (out[name] ?? 0) + n;
  }
  return out;
}

function mergeCommand(byLabel: Map<string, Accumulator>, c: CommandSnapshot): void {
  let acc = byLabel.get(c.label);
  if (acc === undefined) {
    acc = { label: c.label, ops: 0, nulls: 0, abandoned: 0, lowerBounds: 0, errors: {}, response: null, service: null, serviceFromResponse: [], anyService: false };
    byLabel.set(c.label, acc);
  }
  acc.ops += c.ops;
  acc.nulls += c.nulls;
  acc.abandoned += c.abandoned ?? 0;
  acc.lowerBounds += c.lowerBounds ?? 0;
  for (const [kind, n] of Object.entries(c.errors)) acc.errors[kind] = (acc.errors[kind] ?? 0) + n;
  if (c.response !== null) {
    acc.response ??= createHistogram();
    addEncoded(acc.response, c.response);
    if (c.service !== null) {
      acc.anyService = true;
      acc.service ??= createHistogram();
      addEncoded(acc.service, c.service);
    } else {
      acc.serviceFromResponse.push(c.response);
    }
  }
}
