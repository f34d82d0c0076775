import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../../src/client/connection.js';
import { NodeLink } from '../../../../src/client/cluster/node-links.js';
import { NodeWrites } from '../../../../src/client/cluster/node-writes.js';

/** A node link whose connection only counts its flushes. */
function link(node: number): NodeLink & { flushes: number } {
  const conn = { flushes: 0, flush() { this.flushes++; } };
  const l = new NodeLink(node, conn as unknown as Connection) as NodeLink & { flushes: number };
  Object.defineProperty(l, 'flushes', { get: () => conn.flushes });
  return l;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('NodeWrites', () => {
  it('without batching, writes every node written to at each flush', () => {
    const w = new NodeWrites();
    const a = link(0);
    const b = link(1);
    w.wrote(a, 3);
    w.wrote(b, 1);
    w.flush();
    w.wrote(a, 2);
    w.flush();
    expect([a.flushes, b.flushes]).toEqual([2, 1]);
  });

  it('with batching, holds a node that owes replies until it answers, then sends what it held in one write', async () => {
    const w = new NodeWrites();
    w.setBatching(true);
    const a = link(0);
    w.wrote(a, 16);
    w.flush(); // nothing outstanding yet: sent at once
    expect(a.flushes).toBe(1);
    w.wrote(a, 5);
    w.flush();
    w.wrote(a, 5);
    w.flush();
    expect(a.flushes).toBe(1); // 16 sent and unanswered: the 10 new ones wait
    w.onReply(a);
    w.wrote(a, 1);
    w.flush(); // it answered: the held 10 and the new one leave together
    expect(a.flushes).toBe(2);
  });

  it('never strands held commands: the node\'s next reply sends them even when nothing else flushes', async () => {
    const w = new NodeWrites();
    w.setBatching(true);
    const a = link(0);
    w.wrote(a, 2);
    w.flush();
    w.wrote(a, 3);
    w.flush();
    expect(a.flushes).toBe(1);
    w.onReply(a); // e.g. the stage has stopped sending: no refill will flush
    expect(a.flushes).toBe(1);
    await nextTurn();
    expect(a.flushes).toBe(2);
  });

  it('sends what is held when batching is turned off (the open model sends at once)', () => {
    const w = new NodeWrites();
    w.setBatching(true);
    const a = link(0);
    w.wrote(a, 1);
    w.flush();
    w.wrote(a, 1);
    w.flush();
    expect(a.flushes).toBe(1);
    w.setBatching(false);
    expect(a.flushes).toBe(2);
  });
});
