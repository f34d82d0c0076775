/**
 * Deletes a scenario's keys: SCAN MATCH + UNLINK in batches on every node given (every master of
 * a cluster), never FLUSHDB or FLUSHALL and never a key outside the scenario's patterns. Used by
 * the reset before each phase and by `rbench clean`.
 */
import type { Connection } from '../client/connection.js';
import type { KeyPattern } from './scenario-keys.js';

/** Keys asked for per SCAN call and deleted per UNLINK. */
const SCAN_COUNT = 1000;

export interface DeletionTarget {
  /** Connections to the nodes holding data, already on the database to clean. */
  nodes: readonly Connection[];
  patterns: readonly KeyPattern[];
}

/** Deletes every key matching the patterns on every node; returns how many were deleted. */
export async function deleteKeys(target: DeletionTarget): Promise<number> {
  let deleted = 0;
  for (const node of target.nodes) {
    for (const pattern of target.patterns) deleted += await deleteOnNode(node, pattern);
  }
  return deleted;
}

async function deleteOnNode(node: Connection, pattern: KeyPattern): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const reply = await node.call(['SCAN', cursor, 'MATCH', pattern.match, 'COUNT', SCAN_COUNT]);
    if (!Array.isArray(reply) || reply.length !== 2) throw new Error(`unexpected SCAN reply from ${node.target.display}`);
    cursor = text(reply[0]);
    // Keys go back to UNLINK as the bytes SCAN gave, so a name that is not valid UTF-8 still matches itself.
    const keys = (Array.isArray(reply[1]) ? reply[1] : []).filter((k): k is Buffer => Buffer.isBuffer(k) && pattern.exact.test(k.toString('utf8')));
    for (let i = 0; i < keys.length; i += SCAN_COUNT) {
      const n = await node.call(['UNLINK', ...keys.slice(i, i + SCAN_COUNT)]);
      deleted += typeof n === 'number' ? n : 0;
    }
  } while (cursor !== '0');
  return deleted;
}

function text(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}
