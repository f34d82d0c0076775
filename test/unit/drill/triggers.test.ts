import { describe, expect, it } from 'vitest';
import { parseClusterNodes, pickFailoverReplica } from '../../../src/drill/triggers.js';

const NODES = [
  'aaa1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460',
  'bbb2 127.0.0.1:7001@17001 master - 0 1700000000000 2 connected 5461-10922',
  'ccc3 127.0.0.1:7003@17003,host-c slave bbb2 0 1700000000000 2 connected',
  'ddd4 127.0.0.1:7004@17004 slave aaa1 0 1700000000000 1 connected',
  'eee5 127.0.0.1:7005@17005 slave,fail aaa1 0 1700000000000 1 disconnected',
  '',
].join('\n');

describe('CLUSTER FAILOVER target', () => {
  it('parses CLUSTER NODES lines', () => {
    const nodes = parseClusterNodes(NODES);
    expect(nodes).toHaveLength(5);
    expect(nodes[2]).toEqual({ id: 'ccc3', host: '127.0.0.1', port: 7003, flags: ['slave'], masterId: 'bbb2', connected: true });
    expect(nodes[4]!.connected).toBe(false);
  });

  it("prefers a connected replica of the node we asked, skipping failed ones", () => {
    expect(pickFailoverReplica(parseClusterNodes(NODES))?.id).toBe('ddd4');
  });

  it('takes the first connected replica when the node asked has none, and null when there is none', () => {
    const noMine = parseClusterNodes(NODES).filter((n) => n.id !== 'ddd4');
    expect(pickFailoverReplica(noMine)?.id).toBe('ccc3');
    expect(pickFailoverReplica(parseClusterNodes(NODES.split('\n').slice(0, 2).join('\n')))).toBeNull();
  });
});
