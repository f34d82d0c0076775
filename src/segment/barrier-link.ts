/**
 * The barrier's own connection to the target. On a cluster the barrier's keys live in one slot
 * (the run id is their hash tag): a MOVED reply names the node, and the link moves there once.
 */
import { parseAddress } from '../client/cluster/cluster-topology.js';
import { Connection } from '../client/connection.js';
import { ServerReplyError } from '../client/server-reply-error.js';
import type { StandaloneTarget } from '../client/target-url.js';
import type { RespValue } from '../resp/values.js';

export class BarrierLink {
  private conn: Connection | null = null;

  constructor(
    private target: StandaloneTarget,
    /** The node a MOVED reply names, with the same credentials; null where there are no redirects. */
    private readonly redirectTarget: ((host: string, port: number) => StandaloneTarget) | null,
  ) {}

  /** Sends one command, following a cluster redirect. */
  async call(args: string[]): Promise<RespValue> {
    const conn = await this.connection();
    try {
      return await conn.call(args);
    } catch (err) {
      const moved = err instanceof ServerReplyError && err.kind === 'MOVED' && this.redirectTarget !== null ? /^MOVED \d+ (\S+)/.exec(err.message) : null;
      if (moved === null) throw err;
      const { host, port } = parseAddress(moved[1]!);
      await this.close();
      this.target = this.redirectTarget!(host, port);
      return (await this.connection()).call(args);
    }
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = null;
    await conn?.close().catch(() => {});
  }

  private async connection(): Promise<Connection> {
    if (this.conn === null) {
      // Between phases the link may sit idle for a long time: no command timeout, reconnect on loss.
      this.conn = await Connection.open({ target: this.target, clientName: 'rbench-barrier', commandTimeoutMs: 0, reconnect: { initialMs: 50, maxMs: 1000 } });
    }
    return this.conn;
  }
}
