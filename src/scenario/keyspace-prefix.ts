/**
 * Key names: prefix + key number. With `hashtag: true` the prefix is wrapped in {} so that Redis
 * Cluster hashes only the prefix and every key of the keyspace lands in one slot; a prefix that
 * already holds a {tag} does the same by itself.
 */

/** The prefix used when a keyspace gives none: namespaced by scenario so scenarios never collide. */
export function defaultPrefix(scenarioName: string, keyspaceName: string | null): string {
  return keyspaceName === null ? `rbench:${scenarioName}:` : `rbench:${scenarioName}:${keyspaceName}:`;
}

/** The literal text written before each key number. */
export function keyPrefixOf(prefix: string, hashtag: boolean): string {
  return hashtag ? `{${prefix}}` : prefix;
}

/** The part of a key Redis Cluster hashes when it has a non-empty {tag}, else null. */
export function hashTagOf(keyPrefix: string): string | null {
  const open = keyPrefix.indexOf('{');
  if (open < 0) return null;
  const close = keyPrefix.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return null;
  return keyPrefix.slice(open + 1, close);
}
