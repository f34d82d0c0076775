/** Reads what a server says about itself (INFO), for `ping` and for reports. */
import type { Connection } from './connection.js';
import { asString, type RespValue } from '../resp/values.js';

const bufferText = (v: RespValue): string => asString(v) ?? '';

export interface ServerInfo {
  version: string | null;
  role: string | null;
  /** standalone, cluster or sentinel, as the server reports it. */
  mode: string | null;
  fields: Record<string, string>;
}

/** Parses the text of an INFO reply into key/value fields. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** Asks INFO (server and replication sections) and summarises it. */
export async function readServerInfo(conn: Connection): Promise<ServerInfo> {
  const server = parseInfo(bufferText(await conn.call(['INFO', 'server'])));
  let replication: Record<string, string> = {};
  try {
    replication = parseInfo(bufferText(await conn.call(['INFO', 'replication'])));
  } catch {
    // Sentinels and proxies may refuse the section; the role stays unknown.
  }
  const fields = { ...server, ...replication };
  return {
    version: fields.redis_version ?? null,
    role: fields.role ?? null,
    mode: fields.redis_mode ?? null,
    fields,
  };
}
