/** The cluster's answers that mean "not here" or "not now", and how to read MOVED and ASK. */

/** True for MOVED, ASK, TRYAGAIN and CLUSTERDOWN. */
export function isRedirectKind(kind: string | null): boolean {
  return kind === 'MOVED' || kind === 'ASK' || kind === 'TRYAGAIN' || kind === 'CLUSTERDOWN';
}

/** The slot and "host:port" of "MOVED 3999 127.0.0.1:6381" (or ASK); null when malformed. */
export function parseRedirect(message: string): { slot: number; address: string } | null {
  const parts = message.split(' ');
  if (parts.length < 3) return null;
  const slot = Number(parts[1]);
  let address = parts[2]!;
  // Redis 7 may answer ":6381" when the node has no announced address: same host as the sender.
  if (!Number.isInteger(slot) || address === '') return null;
  // (A single leading colon only: "::1:7000" is an IPv6 address.)
  if (address.startsWith(':') && address.indexOf(':', 1) < 0) address = `?${address}`;
  return { slot, address };
}

/** Counter names under which redirects and retries reach the report. */
export const REDIRECT_COUNTERS: Readonly<Record<string, string>> = {
  MOVED: 'cluster.moved',
  ASK: 'cluster.ask',
  TRYAGAIN: 'cluster.tryagain',
  CLUSTERDOWN: 'cluster.clusterdown',
};

/** Error kind of a command that was redirected more than the limit allows. */
export const REDIRECT_LIMIT_KIND = 'REDIRECTLIMIT';
