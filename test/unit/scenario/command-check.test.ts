import { describe, expect, test } from 'vitest';
import { checkAgainstServer, checkTemplateText, commandSpec } from '../../../src/scenario/index.js';
import { parseTemplate } from '../../../src/scenario/template-syntax.js';

describe('command table checks', () => {
  test('arity counts the command name and placeholders', () => {
    expect(checkTemplateText('ZADD {key}', 'mix')).toEqual([{ message: 'ZADD needs at least 4 arguments (ZADD key score member), got 2' }]);
    expect(checkTemplateText('ZADD {key} NX CH {float:0..1} m:{int:1..9}', 'mix')).toEqual([]);
    expect(checkTemplateText('ZADD {key} 1 a 2', 'mix')[0]?.message).toMatch(/score member pairs/);
  });

  test('keys must sit in key positions, numkeys decides for movable keys', () => {
    expect(checkTemplateText('ZINTERSTORE {key} 2 {key} {key} AGGREGATE SUM', 'mix')).toEqual([]);
    expect(checkTemplateText('ZINTERSTORE {key} 1 {key} {key}', 'mix')[0]?.message).toMatch(/no option/);
    expect(checkTemplateText('HSET {key} f {key}', 'mix')).toEqual([{ message: '{key} in argument 4 of HSET is not a key position (HSET key field value [field value ...])', column: 14 }]);
  });

  test('the table marks read-only and blocking commands', () => {
    expect(commandSpec('GET')).toMatchObject({ readOnly: true, blocking: false });
    expect(commandSpec('BRPOPLPUSH')).toMatchObject({ blocking: true, timeoutAt: 3 });
  });

  test('a server COMMAND table is checked the same way', () => {
    const server = new Map([['zadd', { name: 'zadd', arity: -4, firstKey: 1, lastKey: 1, step: 1 }]]);
    expect(checkAgainstServer(parseTemplate('ZADD {key} 1 m'), server)).toEqual([]);
    expect(checkAgainstServer(parseTemplate('ZADD {key} 1'), server)[0]?.message).toBe('ZADD needs at least 4 arguments (ZADD key score member), got 3');
    expect(checkAgainstServer(parseTemplate('ZADD {key} 1 {key}'), server)[0]?.column).toBe(14);
    expect(checkAgainstServer(parseTemplate('FOO x'), server)[0]?.message).toBe('the server does not know FOO');
  });
});
