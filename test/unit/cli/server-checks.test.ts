/** The server-side checks on a probe's answers: COMMAND INFO plausibility and maxclients. */
import { describe, expect, it } from 'vitest';
import { checkPlanAgainstServer, commandTable, serverCheckNames } from '../../../src/cli/server-command-check.js';
import { checkMaxClients } from '../../../src/cli/server-inspection.js';
import { buildPlan } from '../../../src/plan/index.js';
import { NULL_ARRAY, type RespValue } from '../../../src/resp/values.js';
import { validateScenarioText } from '../../../src/scenario/index.js';

function plan(yaml: string) {
  const result = validateScenarioText(yaml, 't.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return buildPlan(result.scenario, { cpuCount: 2 });
}

const p = plan('name: t\nconnections: 20\nmix:\n  - command: "SET {key} {value}"\n  - command: "ZADD {key} 1 m"\n');
const entry = (name: string, arity: number): RespValue => [Buffer.from(name.toLowerCase()), arity, [Buffer.from('write')], 1, 1, 1];

describe('checkPlanAgainstServer', () => {
  it('asks about the plan\'s commands and GET, SET, DEL', () => {
    expect(serverCheckNames(p).sort()).toEqual(['DEL', 'GET', 'SET', 'ZADD']);
  });

  it('passes a plausible table that has the commands', () => {
    const reply = [entry('SET', -3), entry('ZADD', -4), entry('GET', 2), entry('DEL', -2)];
    expect(commandTable(reply).get('ZADD')).toMatchObject({ arity: -4, firstKey: 1 });
    expect(checkPlanAgainstServer(reply, p, 't.yml', { enabled: true })).toEqual([]);
  });

  it('still refuses a command a plausible server does not know', () => {
    const reply = [entry('SET', -3), NULL_ARRAY, entry('GET', 2), entry('DEL', -2)];
    expect(() => checkPlanAgainstServer(reply, p, 't.yml', { enabled: true })).toThrow(/the server does not know ZADD/);
  });

  it('falls back with one warning when the table knows none of GET, SET, DEL', () => {
    const warnings = checkPlanAgainstServer([NULL_ARRAY, NULL_ARRAY, NULL_ARRAY, NULL_ARRAY], p, 't.yml', { enabled: true });
    expect(warnings).toEqual([expect.stringContaining("the server's COMMAND INFO looks wrong (it knows none of GET, SET, DEL)")]);
  });

  it('says why the check was skipped when COMMAND was refused, and nothing with --no-server-check', () => {
    expect(checkPlanAgainstServer(null, p, 't.yml', { enabled: true, missingReason: 'COMMAND refused' })).toEqual([
      "server-side command check skipped: COMMAND refused; the scenario was checked against rbench's own command table",
    ]);
    expect(checkPlanAgainstServer(null, p, 't.yml', { enabled: false })).toEqual([]);
  });
});

describe('checkMaxClients', () => {
  it('refuses more connections than maxclients, warns when other clients leave too few', () => {
    expect(() => checkMaxClients({ maxClients: 10, connectedClients: 1 }, p, 'redis://h:1')).toThrow('the run needs 20 connections, but redis://h:1 allows 10 (maxclients)');
    expect(checkMaxClients({ maxClients: 25, connectedClients: 9 }, p, 'redis://h:1')).toEqual([expect.stringContaining('8 are taken by other clients')]);
    expect(checkMaxClients({ maxClients: 25, connectedClients: 1 }, p, 'redis://h:1')).toEqual([]);
    expect(checkMaxClients({ maxClients: null, connectedClients: null }, p, 'redis://h:1')).toEqual([]);
  });
});
