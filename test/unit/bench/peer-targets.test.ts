/** bench:peers reads the server's own counters from INFO stats (how it counts every tool's GET misses). */
import { describe, expect, it } from 'vitest';
import { parseInfoCounters, parsePingCalls } from '../../../bench/peer-targets.js';

const INFO = [
  '# Stats',
  'total_connections_received:52',
  'total_commands_processed:1234567',
  'instantaneous_ops_per_sec:0',
  'keyspace_hits:1000',
  'keyspace_misses:17',
  'total_error_replies:0',
  '',
].join('\r\n');

describe('parseInfoCounters', () => {
  it('reads commands processed, hits and misses out of CRLF text', () => {
    expect(parseInfoCounters(INFO)).toEqual({ commands: 1234567, hits: 1000, misses: 17 });
  });

  it('names the missing field', () => {
    expect(() => parseInfoCounters(INFO.replace('keyspace_misses', 'keyspace_missed'))).toThrow(/no keyspace_misses in INFO stats/);
  });
});

describe('parsePingCalls', () => {
  it("reads PING's calls out of INFO commandstats, 0 when the server ran none", () => {
    const stats = '# Commandstats\r\ncmdstat_get:calls=10,usec=5\r\ncmdstat_ping:calls=4321,usec=100,usec_per_call=0.02\r\n';
    expect(parsePingCalls(stats)).toBe(4321);
    expect(parsePingCalls('# Commandstats\r\ncmdstat_get:calls=10,usec=5\r\n')).toBe(0);
  });
});
