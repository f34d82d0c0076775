/**
 * Redirect handling that a real cluster cannot be made to produce on demand: in-process fake
 * nodes that answer with scripted errors (a MOVED loop, TRYAGAIN, CLUSTERDOWN, a MOVED inside
 * a MULTI block).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../helpers/wait.js';
import { ClusterConnection } from '../../../src/client/cluster/cluster-connection.js';
import { RoutingTable } from '../../../src/client/cluster/routing-table.js';
import { slotMapFromSlots } from '../../../src/client/cluster/slot-map.js';
import { parseTarget, type ClusterTarget } from '../../../src/client/target-url.js';
import { firstKeyPositions } from '../../../src/scenario/key-positions.js';

type Script = (command: string[], node: FakeNode) => string;

interface FakeNode {
  port: number;
  server: Server;
  seen: string[][];
}

const nodes: FakeNode[] = [];
afterEach(async () => {
  for (const n of nodes.splice(0)) await new Promise((r) => n.server.close(r));
});

/** A node that parses RESP commands and answers each with `script`. */
async function fakeNode(script: Script): Promise<FakeNode> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let buf = '';
    socket.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      for (;;) {
        const parsed = parseCommand(buf);
        if (parsed === null) break;
        buf = buf.slice(parsed.length);
        node.seen.push(parsed.args);
        const name = parsed.args[0]!.toUpperCase();
        socket.write(name === 'CLIENT' || name === 'PING' ? '+OK\r\n' : script(parsed.args, node));
      }
    });
  });
  const node: FakeNode = { port: 0, server, seen: [] };
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  const origClose = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    sockets.forEach((s) => s.destroy());
    return origClose(cb);
  }) as typeof server.close;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  node.port = (server.address() as { port: number }).port;
  nodes.push(node);
  return node;
}

function parseCommand(buf: string): { args: string[]; length: number } | null {
  let p = 0;
  const line = (): string | null => {
    const end = buf.indexOf('\r\n', p);
    if (end < 0) return null;
    const text = buf.slice(p, end);
    p = end + 2;
    return text;
  };
  const head = line();
  if (head === null) return null;
  const argc = Number(head.slice(1));
  const args: string[] = [];
  for (let i = 0; i < argc; i++) {
    const len = line();
    if (len === null) return null;
    const n = Number(len.slice(1));
    if (buf.length < p + n + 2) return null;
    args.push(buf.slice(p, p + n));
    p += n + 2;
  }
  return { args, length: p };
}

interface Outcome {
  tag: number;
  kind: string | null;
}

/** A cluster connection whose map sends every slot to `owner`, collecting final replies. */
async function routeAll(owner: FakeNode): Promise<{ conn: ClusterConnection; outcomes: Outcome[]; counts: Record<string, number> }> {
  const target = parseTarget(`cluster://127.0.0.1:${owner.port}`) as ClusterTarget;
  const table = new RoutingTable(slotMapFromSlots([[0, 16383, [Buffer.from('127.0.0.1'), owner.port, Buffer.from('x')]]]));
  const counts: Record<string, number> = {};
  const conn = new ClusterConnection({
    cluster: target,
    table,
    keys: firstKeyPositions(),
    onCount: (name, n) => (counts[name] = (counts[name] ?? 0) + n),
  });
  const outcomes: Outcome[] = [];
  conn.setReplyHandler((tag, _i, _s, _n, kind) => outcomes.push({ tag, kind }));
  await conn.connect();
  return { conn, outcomes, counts };
}

describe('cluster connection faults', () => {
  it('bounds a MOVED loop and reports it as REDIRECTLIMIT', async () => {
    const loop = await fakeNode((_c, node) => `-MOVED 12182 127.0.0.1:${node.port}\r\n`);
    const { conn, outcomes, counts } = await routeAll(loop);
    conn.encoder.command(2).arg('GET').arg('foo');
    conn.enqueue(5, 0);
    conn.flush();
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual([{ tag: 5, kind: 'REDIRECTLIMIT' }]);
    expect(counts['cluster.moved']).toBe(17);
    expect(conn.inFlight).toBe(0);
    await conn.close();
  });

  it('follows MOVED to another node and ASK with ASKING, recording success', async () => {
    const other = await fakeNode((c) => (c[0] === 'ASKING' ? '+OK\r\n' : '$2\r\nok\r\n'));
    const first = await fakeNode((c) => (c[1] === 'foo' ? `-MOVED 12182 127.0.0.1:${other.port}\r\n` : `-ASK 5061 127.0.0.1:${other.port}\r\n`));
    const { conn, outcomes, counts } = await routeAll(first);
    conn.encoder.command(2).arg('GET').arg('foo');
    conn.enqueue(1, 0);
    conn.encoder.command(2).arg('GET').arg('bar');
    conn.enqueue(2, 0);
    conn.flush();
    await until(() => outcomes.length === 2);
    expect(outcomes.sort((a, b) => a.tag - b.tag)).toEqual([{ tag: 1, kind: null }, { tag: 2, kind: null }]);
    expect(counts).toEqual({ 'cluster.moved': 1, 'cluster.ask': 1 });
    expect(other.seen.map((c) => c.join(' '))).toEqual(expect.arrayContaining(['GET foo', 'ASKING', 'GET bar']));
    // ASK leaves the map alone: the next GET bar goes to the first node again.
    conn.encoder.command(2).arg('GET').arg('bar');
    conn.enqueue(3, 0);
    conn.flush();
    await until(() => outcomes.length === 3);
    expect(first.seen.filter((c) => c.join(' ') === 'GET bar')).toHaveLength(2);
    await conn.close();
  });

  it('retries TRYAGAIN and CLUSTERDOWN until the node answers', async () => {
    let calls = 0;
    const flaky = await fakeNode((c) => {
      if (c[0] === 'CLUSTER') return '*0\r\n';
      calls++;
      if (calls === 1) return '-TRYAGAIN Multiple keys request during rehashing of slot\r\n';
      if (calls === 2) return '-CLUSTERDOWN The cluster is down\r\n';
      return '+OK\r\n';
    });
    const { conn, outcomes, counts } = await routeAll(flaky);
    conn.encoder.command(3).arg('SET').arg('foo').arg('1');
    conn.enqueue(0, 0);
    conn.flush();
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual([{ tag: 0, kind: null }]);
    expect(counts).toEqual({ 'cluster.tryagain': 1, 'cluster.clusterdown': 1 });
    await conn.close();
  });

  it('resends a whole MULTI block when a command inside it is MOVED', async () => {
    const other = await fakeNode((c) => (c[0] === 'MULTI' ? '+OK\r\n' : c[0] === 'EXEC' ? '*1\r\n:1\r\n' : '+QUEUED\r\n'));
    const first = await fakeNode((c) => {
      if (c[0] === 'MULTI') return '+OK\r\n';
      if (c[0] === 'EXEC') return '-EXECABORT Transaction discarded because of previous errors.\r\n';
      return `-MOVED 12182 127.0.0.1:${other.port}\r\n`;
    });
    const { conn, outcomes, counts } = await routeAll(first);
    conn.encoder.command(1).arg('MULTI').command(2).arg('INCR').arg('foo').command(1).arg('EXEC');
    conn.enqueue(-1, 0);
    conn.enqueue(-1, 0);
    conn.enqueue(9, 0);
    expect(conn.inFlight).toBe(3);
    conn.flush();
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual([{ tag: 9, kind: null }]);
    expect(counts).toEqual({ 'cluster.moved': 1 });
    expect(other.seen.map((c) => c[0])).toEqual(['CLIENT', 'MULTI', 'INCR', 'EXEC']);
    expect(conn.inFlight).toBe(0);
    await conn.close();
  });
});
