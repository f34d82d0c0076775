/**
 * Reads `LATENCY HISTOGRAM` on every node the load goes to, before and after each measured
 * phase (or round), and keeps the difference per phase: the server's own time for the phase's
 * commands. Nodes: the server of a standalone target, every master of a cluster, the master of a
 * Sentinel target; in replica mode the replicas too, read for the commands sent to them only.
 * A server that cannot answer (Redis < 7, a proxy, LATENCY renamed or forbidden) gives a reason
 * instead, and the run goes on: this never fails a run.
 */
import { Connection } from '../client/connection.js';
import { ServerReplyError } from '../client/server-reply-error.js';
import type { StandaloneTarget } from '../client/target-url.js';
import type { LoadNode } from '../deployment/deployment.js';
import {
  addServerHistograms,
  parseLatencyHistogram,
  subtractServerHistogram,
  type ServerHistogram,
  type ServerHistograms,
} from '../metrics/index.js';
import type { PhaseServerView, ServerLatencyPlan } from './server-latency-attribution.js';

/** One connect or one LATENCY HISTOGRAM may take this long; a node that hangs must not hold the run up. */
const PROBE_TIMEOUT_MS = 2000;

/** Where the probe reads: the deployment's load nodes (Deployment.loadNodes). */
export interface ProbeTarget {
  loadNodes(timeoutMs: number): Promise<LoadNode[]>;
}

interface ProbeNode {
  name: string;
  target: StandaloneTarget;
  commands: string[];
}

interface Reading {
  nodes: ProbeNode[];
  histograms: ServerHistograms[];
}

/** Before/after readings per measured stage, accumulated per phase name (rounds add up). */
export class ServerLatencyProbe {
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Map<number, Reading | { reason: string }>();
  private readonly phases = new Map<string, PhaseServerView>();
  /** Once a server said it cannot (no such command, no permission), later phases do not ask again. */
  private refusal: string | null = null;

  constructor(
    private readonly where: ProbeTarget,
    private readonly plan: ServerLatencyPlan,
  ) {}

  /** Reads every node before stage `stage` starts. */
  async before(stage: number): Promise<void> {
    if (this.refusal !== null) return void this.pending.set(stage, { reason: this.refusal });
    try {
      const nodes = await this.nodes();
      this.pending.set(stage, { nodes, histograms: await this.readAll(nodes) });
    } catch (error) {
      this.pending.set(stage, { reason: this.reasonOf(error) });
    }
  }

  /** Reads the same nodes after stage `stage` and adds the difference to phase `phase`. */
  async after(stage: number, phase: string): Promise<void> {
    const start = this.pending.get(stage);
    this.pending.delete(stage);
    if (start === undefined) return;
    let delta: PhaseServerView;
    if ('reason' in start) delta = start;
    else {
      try {
        delta = difference(start, await this.readAll(start.nodes));
      } catch (error) {
        delta = { reason: this.reasonOf(error) };
      }
    }
    this.phases.set(phase, addViews(this.phases.get(phase), delta));
  }

  /** The server side of a phase; null when it was never read. */
  view(phase: string): PhaseServerView | null {
    return this.phases.get(phase) ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close().catch(() => {})));
    this.connections.clear();
  }

  private async nodes(): Promise<ProbeNode[]> {
    const nodes = await this.where.loadNodes(PROBE_TIMEOUT_MS);
    // A replica is read for the commands sent to it only (the reads).
    return nodes.map((n) => ({ name: n.name, target: n.target, commands: n.replica ? this.plan.replicaCommands : this.plan.commands }));
  }


  private readAll(nodes: ProbeNode[]): Promise<ServerHistograms[]> {
    return Promise.all(nodes.map((node) => this.read(node)));
  }

  private async read(node: ProbeNode): Promise<ServerHistograms> {
    if (node.commands.length === 0) return new Map();
    let conn = this.connections.get(node.name);
    if (conn === undefined || conn.state !== 'ready') {
      conn = new Connection({ target: node.target, reconnect: false, clientName: null, connectTimeoutMs: PROBE_TIMEOUT_MS, commandTimeoutMs: PROBE_TIMEOUT_MS });
      this.connections.set(node.name, conn);
      await conn.connect().catch((error: unknown) => {
        throw new ProbeError(node.name, error);
      });
    }
    try {
      return parseLatencyHistogram(await conn.call(['LATENCY', 'HISTOGRAM', ...node.commands]));
    } catch (error) {
      throw new ProbeError(node.name, error);
    }
  }

  private reasonOf(error: unknown): string {
    const node = error instanceof ProbeError ? error.node : null;
    const cause = error instanceof ProbeError ? error.cause : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    if (cause instanceof ServerReplyError) {
      const reason = refusalReason(message, node);
      this.refusal = reason;
      return reason;
    }
    return `LATENCY HISTOGRAM could not be read${node === null ? '' : ` from ${node}`}: ${message}`;
  }
}

/** Why a server refused LATENCY HISTOGRAM, in one line. */
export function refusalReason(serverMessage: string, node: string | null): string {
  const at = node === null ? 'the server' : node;
  if (/unknown subcommand/i.test(serverMessage)) return `${at} has no LATENCY HISTOGRAM (it needs Redis 7 or later)`;
  if (/unknown command/i.test(serverMessage)) return `${at} has no LATENCY command (renamed or disabled in its config, or a proxy)`;
  if (/NOPERM|no permissions/i.test(serverMessage)) return `${at} does not let this user run LATENCY HISTOGRAM (ACL)`;
  return `${at} refused LATENCY HISTOGRAM: ${serverMessage}`;
}

class ProbeError extends Error {
  constructor(
    readonly node: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** After minus before on every node, summed over the nodes. */
function difference(before: Reading, after: ServerHistograms[]): PhaseServerView {
  const sum = new Map<string, ServerHistogram[]>();
  for (let n = 0; n < before.nodes.length; n++) {
    for (const command of before.nodes[n]!.commands) {
      for (const [name, h] of after[n]!) {
        if (name !== command && !name.startsWith(`${command}|`)) continue;
        const delta = subtractServerHistogram(h, before.histograms[n]!.get(name));
        if (delta === null) return { reason: `the statistics of ${before.nodes[n]!.name} were reset during the phase (CONFIG RESETSTAT or a restart)` };
        if (!sum.has(name)) sum.set(name, []);
        sum.get(name)!.push(delta);
      }
    }
  }
  return { histograms: new Map([...sum].map(([name, list]) => [name, addServerHistograms(list)])) };
}

/** Two rounds of one phase: histograms add; a reason from either round wins. */
function addViews(a: PhaseServerView | undefined, b: PhaseServerView): PhaseServerView {
  if (a === undefined) return b;
  if ('reason' in a) return a;
  if ('reason' in b) return b;
  const names = new Set([...a.histograms.keys(), ...b.histograms.keys()]);
  const histograms: ServerHistograms = new Map();
  for (const name of names) {
    histograms.set(name, addServerHistograms([a.histograms.get(name), b.histograms.get(name)].filter((h): h is ServerHistogram => h !== undefined)));
  }
  return { histograms };
}
