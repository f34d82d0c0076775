import { describe, expect, it } from 'vitest';
import { parseMasterAddr, parseReplicas } from '../../../../src/client/sentinel/sentinel-lookup.js';
import { NULL_ARRAY, RespMap } from '../../../../src/resp/values.js';

const b = (s: string) => Buffer.from(s);

describe('Sentinel replies', () => {
  it('get-master-addr-by-name: [host, port] or nil', () => {
    expect(parseMasterAddr([b('10.0.0.5'), b('6380')])).toEqual({ transport: 'tcp', host: '10.0.0.5', port: 6380 });
    expect(parseMasterAddr(NULL_ARRAY)).toBeNull();
    expect(parseMasterAddr([b('h'), b('x')])).toBeNull();
  });

  it('SENTINEL replicas: flat field lists (RESP2) and maps (RESP3)', () => {
    const resp2 = [[b('name'), b('10.0.0.6:6379'), b('ip'), b('10.0.0.6'), b('port'), b('6379'), b('flags'), b('slave')]];
    expect(parseReplicas(resp2)).toEqual([{ endpoint: { transport: 'tcp', host: '10.0.0.6', port: 6379 }, flags: 'slave' }]);
    const resp3 = [new RespMap([[b('ip'), b('10.0.0.7')], [b('port'), b('6390')], [b('flags'), b('slave,s_down')]])];
    expect(parseReplicas(resp3)).toEqual([{ endpoint: { transport: 'tcp', host: '10.0.0.7', port: 6390 }, flags: 'slave,s_down' }]);
  });
});
