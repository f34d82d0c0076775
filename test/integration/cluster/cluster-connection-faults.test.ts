/**
 * Redirect handling that a real cluster cannot be made to produce on demand: in-process fake
 * nodes that answer with scripted errors (a MOVED loop, TRYAGAIN, CLUSTERDOWN, a MOVED inside
 * a MULTI block, a node that drops its socket with commands in flight).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../helpers/wait.js';
import { ClusterConnection } from '../../../src/client/cluster/cluster-connection.js';
import { keySlot } from '../../../src/client/cluster/key-slot.js';
import { RoutingTable } from '../../../src/client/cluster/routing-table.js';
import { slotMapFromSlots } from '../../../src/client/cluster/slot-map.js';
import { parseTarget, type ClusterTarget } from '../../../src/client/target-url.js';
import { firstKeyPositions } from '../../../src/scenario/key-positions.js';
import { encodeCommand } from '../../../src/resp/encoder.js';

/** A node's answer to one command; null closes the socket instead (a node lost mid-pipeline). */
type Script = (command: string[], node: FakeNode) => string | null;

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
        const reply = name === 'CLIENT' || name === 'PING' ? '+OK\r\n' : script(parsed.args, node);
        if (reply === null) {
          socket.destroy();
          return;
        }
        socket.write(reply);
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

  // Commands whose first key goes through argKey are written straight to their node and tracked
  // there in order (direct-commands.ts), not as pooled units: each reply must still reach its own
  // command, redirected ones included, and a lost socket must leave that order intact.
  it('keeps each reply with its own command when commands written straight to a node are redirected among plain replies', async () => {
    const other = await fakeNode((c) => (c[0] === 'ASKING' ? '+OK\r\n' : `$${c[1]!.length + 6}\r\nother:${c[1]}\r\n`));
    const first = await fakeNode((c) => {
      if (c[1]!.startsWith('moved')) return `-MOVED ${keySlot(c[1]!)} 127.0.0.1:${other.port}\r\n`;
      if (c[1]!.startsWith('ask')) return `-ASK ${keySlot(c[1]!)} 127.0.0.1:${other.port}\r\n`;
      return `$${c[1]!.length}\r\n${c[1]}\r\n`;
    });
    const { conn, counts } = await routeAll(first);
    const values: { tag: number; value: unknown }[] = [];
    conn.setValueHandler((tag, _i, _s, _n, kind, value) => values.push({ tag, value: kind ?? String(value) }));
    const keys = ['p1', 'moved1', 'p2', 'ask1', 'p3', 'p4', 'moved2', 'p5'];
    // More than the ring's first capacity (64), so it also grows with commands in flight.
    for (let round = 0; round < 12; round++) {
      keys.forEach((key, i) => {
        conn.encoder.command(2).arg('GET').argKey(Buffer.from(key));
        expect(conn.encoder.directLink).not.toBeNull();
        conn.enqueue(round * 100 + i, 0, true);
      });
    }
    conn.flush();
    await until(() => values.length === keys.length * 12);
    for (const { tag, value } of values) {
      const key = keys[tag % 100]!;
      expect(value).toBe(key.startsWith('p') ? key : `other:${key}`);
    }
    expect(new Set(values.map((v) => v.tag)).size).toBe(values.length);
    expect(counts['cluster.ask']).toBe(12);
    // Every command was written before the first reply came: each moved* one met its MOVED.
    expect(counts['cluster.moved']).toBe(24);
    expect(conn.inFlight).toBe(0);
    await conn.close();
  });

  it('fails the commands a lost socket had in flight, in order, and keeps later replies matched after the reconnect', async () => {
    let drops = 1;
    const node = await fakeNode((c) => {
      if (c[1] === 'drop' && drops > 0) {
        drops--;
        return null;
      }
      return `$${c[1]!.length}\r\n${c[1]}\r\n`;
    });
    const { conn, outcomes } = await routeAll(node);
    const values: { tag: number; value: string }[] = [];
    conn.setValueHandler((tag, _i, _s, _n, kind, value) => values.push({ tag, value: kind ?? String(value) }));
    const send = (tag: number, key: string): void => {
      conn.encoder.command(2).arg('GET').argKey(Buffer.from(key));
      conn.enqueue(tag, 0, true);
    };
    send(1, 'k1');
    send(2, 'drop');
    send(3, 'k3');
    conn.flush();
    await until(() => values.length === 3);
    expect(values[0]).toEqual({ tag: 1, value: 'k1' });
    expect(values.slice(1).map((v) => v.tag)).toEqual([2, 3]);
    expect(values.slice(1).every((v) => v.value !== 'k3' && v.value !== 'drop')).toBe(true);
    expect(conn.inFlight).toBe(0);
    // Until the node is back its commands fail at once; then each reply is its own command's.
    let tag = 10;
    const answer = async (key: string): Promise<string> => {
      const t = tag++;
      send(t, key);
      conn.flush();
      await until(() => values.some((v) => v.tag === t));
      return values.find((v) => v.tag === t)!.value;
    };
    for (let tries = 0; (await answer('probe')) !== 'probe'; tries++) {
      expect(tries).toBeLessThan(200);
      await new Promise((r) => setTimeout(r, 20));
    }
    values.length = 0;
    const keys = ['x1', 'x2', 'x3', 'x4', 'x5'];
    keys.forEach((key, i) => send(100 + i, key));
    conn.flush();
    await until(() => values.length === keys.length);
    expect(values).toEqual(keys.map((key, i) => ({ tag: 100 + i, value: key })));
    expect(outcomes).toEqual([]);
    await conn.close();
  });

  it("resends a redirected command's own bytes after its node's slab has started over and been written again", async () => {
    const other = await fakeNode(() => '+OK\r\n');
    const first = await fakeNode((c) => (c[1] === 'big' ? `-MOVED ${keySlot('big')} 127.0.0.1:${other.port}\r\n` : '+OK\r\n'));
    const target = parseTarget(`cluster://127.0.0.1:${first.port}`) as ClusterTarget;
    const table = new RoutingTable(slotMapFromSlots([[0, 16383, [Buffer.from('127.0.0.1'), first.port, Buffer.from('x')]]]));
    let overwrite = true;
    const conn: ClusterConnection = new ClusterConnection({
      cluster: target,
      table,
      keys: firstKeyPositions(),
      // Runs between the MOVED reply (the first node's slab has just started over: none of its
      // commands is left) and the resend: a new command is written over the big one's bytes there.
      onCount: () => {
        if (!overwrite) return;
        overwrite = false;
        conn.encoder.command(3).arg('SET').argKey(Buffer.from('p')).argBuffer(Buffer.alloc(70_000, 0x78));
        conn.enqueue(2, 0);
      },
    });
    const outcomes: Outcome[] = [];
    conn.setReplyHandler((tag, _i, _s, _n, kind) => outcomes.push({ tag, kind }));
    await conn.connect();
    const big = Buffer.alloc(65_536);
    for (let i = 0; i < big.length; i++) big[i] = 0x61 + (i % 26);
    conn.encoder.command(3).arg('SET').argKey(Buffer.from('big')).argShared(big);
    conn.enqueue(1, 0);
    conn.flush();
    await until(() => outcomes.length === 2);
    expect(outcomes.sort((a, b) => a.tag - b.tag)).toEqual([{ tag: 1, kind: null }, { tag: 2, kind: null }]);
    const resent = other.seen.find((c) => c[0] === 'SET' && c[1] === 'big');
    expect(resent?.[2]).toBe(big.toString('latin1'));
    await conn.close();
  });

  it("starts a node's slab over once none of the commands written straight to it is left", async () => {
    const node = await fakeNode(() => '+OK\r\n');
    const { conn, outcomes } = await routeAll(node);
    const span = { buf: Buffer.alloc(0), start: 0, end: 0 };
    const command = encodeCommand(['SET', 'k00', 'v']).length;
    /** Where the command written ends in its node's slab. */
    const writeOne = (tag: number) => {
      conn.encoder.command(3).arg('SET').argKey(Buffer.from(`k${String(tag).padStart(2, '0')}`)).arg('v');
      conn.encoder.directLink!.conn.encoder.spanSince(0, span);
      conn.enqueue(tag, 0);
      return span.end;
    };
    const ends = Array.from({ length: 10 }, (_, i) => writeOne(i));
    expect(ends[9]).toBe(10 * command);
    conn.flush();
    await until(() => outcomes.length === 10);
    // Answered and in the kernel: the next command starts at the slab's first byte, not after the others.
    expect(writeOne(10)).toBe(command);
    conn.flush();
    await until(() => outcomes.length === 11);
    await conn.close();
  });
});
