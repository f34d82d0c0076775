import { describe, expect, it } from 'vitest';
import { parseRedirect, redirectAddress } from '../../../../src/client/cluster/redirect.js';
import { RoutingTable } from '../../../../src/client/cluster/routing-table.js';
import { slotMapFromShards, slotMapFromSlots, uncoveredSlots } from '../../../../src/client/cluster/slot-map.js';

const b = (s: string) => Buffer.from(s);
const node = (port: number, role: string, health = 'online') => [
  b('id'), b(`id${port}`), b('port'), port, b('ip'), b('127.0.0.1'), b('endpoint'), b('127.0.0.1'),
  b('role'), b(role), b('replication-offset'), 10, b('health'), b(health),
];

describe('slot maps', () => {
  it('reads CLUSTER SHARDS: masters, their slot ranges and healthy replicas', () => {
    const reply = [
      [b('slots'), [0, 99, 200, 16383], b('nodes'), [node(7000, 'master'), node(7003, 'replica'), node(7004, 'replica', 'loading')]],
      [b('slots'), [100, 199], b('nodes'), [node(7001, 'master')]],
      [b('slots'), [], b('nodes'), [node(7002, 'master')]], // a master without slots is not routed to
    ];
    const map = slotMapFromShards(reply);
    expect(map.masters.map((m) => m.address)).toEqual(['127.0.0.1:7000', '127.0.0.1:7001']);
    expect(map.masters[0]!.replicas).toEqual(['127.0.0.1:7003']);
    expect(map.masters.map((m) => m.slots)).toEqual([16284, 100]);
    expect(map.owners[150]).toBe(1);
    expect(map.owners[16383]).toBe(0);
    expect(uncoveredSlots(map)).toBe(0);
  });

  it('reads CLUSTER SLOTS and counts uncovered slots', () => {
    const reply = [
      [0, 5460, [b('127.0.0.1'), 7000, b('a')], [b('127.0.0.1'), 7003, b('d')]],
      [5461, 10922, [b('127.0.0.1'), 7001, b('b')]],
    ];
    const map = slotMapFromSlots(reply);
    expect(map.masters.map((m) => [m.address, m.slots, m.replicas])).toEqual([
      ['127.0.0.1:7000', 5461, ['127.0.0.1:7003']],
      ['127.0.0.1:7001', 5462, []],
    ]);
    expect(uncoveredSlots(map)).toBe(16384 - 10923);
  });

  it('routing table: MOVED moves one slot; keyless commands go to the home node', () => {
    const table = new RoutingTable(slotMapFromSlots([[0, 16383, [b('127.0.0.1'), 7000, b('a')]]]));
    expect(table.nodeFor(42)).toBe(0);
    table.moved(42, '127.0.0.1:7001');
    expect(table.addresses[table.nodeFor(42)]).toBe('127.0.0.1:7001');
    expect(table.nodeFor(43)).toBe(0);
    expect(table.nodeFor(-1)).toBe(0);
    expect(table.indexOf('127.0.0.1:7001')).toBe(1);
  });

  it('parses MOVED and ASK targets', () => {
    expect(parseRedirect('MOVED 3999 127.0.0.1:6381')).toEqual({ slot: 3999, host: '127.0.0.1', port: '6381' });
    expect(parseRedirect('ASK 1 ::1:7000')).toEqual({ slot: 1, host: '::1', port: '7000' });
    expect(redirectAddress(parseRedirect('ASK 1 ::1:7000')!, '10.0.0.1')).toBe('::1:7000');
    expect(parseRedirect('MOVED x 127.0.0.1:1')).toBeNull();
    expect(parseRedirect('MOVED')).toBeNull();
  });
});

describe('redirect without a host', () => {
  it('marks ":port" as "same host as the node that answered"', () => {
    expect(parseRedirect('MOVED 7 :7001')).toEqual({ slot: 7, host: null, port: '7001' });
    expect(redirectAddress(parseRedirect('MOVED 7 :7001')!, '10.0.0.5')).toBe('10.0.0.5:7001');
  });
});
