/**
 * Per-node statistics of a cluster run: for each node that answered, the commands it finished,
 * their response-time histogram, and errors by kind. Recorded beside the per-command recorder
 * (cluster targets only), reported once per phase as CommandSnapshots labelled by node address.
 */
import type { Histogram } from 'hdr-histogram-js';
import { createHistogram, encodeHistogram } from './histogram-backend.js';
import type { CommandSnapshot } from './stage-snapshot.js';

class NodeStats {
  readonly response: Histogram = createHistogram();
  ops = 0;
  readonly errors = new Map<string, number>();
}

export class NodeRecorder {
  private readonly nodes: (NodeStats | undefined)[] = [];
  private destroyed = false;

  /** `addressOf(node)` names a node index ("host:port"). */
  constructor(private readonly addressOf: (node: number) => string) {}

  /** One finished command: a success with its response time, or an error kind. */
  record(node: number, responseUs: number, errorKind: string | null): void {
    if (this.destroyed || node < 0) return;
    let s = this.nodes[node];
    if (s === undefined) this.nodes[node] = s = new NodeStats();
    if (errorKind === null) {
      s.response.recordValue(responseUs < 0 ? 0 : responseUs);
      s.ops++;
    } else {
      s.errors.set(errorKind, (s.errors.get(errorKind) ?? 0) + 1);
    }
  }

  /** Everything recorded so far, one entry per node, labelled by address. */
  snapshot(): CommandSnapshot[] {
    const out: CommandSnapshot[] = [];
    this.nodes.forEach((s, node) => {
      if (s === undefined) return;
      out.push({
        label: this.addressOf(node),
        ops: s.ops,
        nulls: 0,
        errors: Object.fromEntries(s.errors),
        response: s.response.totalCount === 0 ? null : encodeHistogram(s.response),
        service: null,
      });
    });
    return out;
  }

  /** Frees the histograms (WebAssembly memory). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const s of this.nodes) s?.response.destroy();
  }
}
