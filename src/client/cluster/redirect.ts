/** The cluster's answers that mean "not here" or "not now", and how to read MOVED and ASK. */

/** True for MOVED, ASK, TRYAGAIN and CLUSTERDOWN. */
export function isRedirectKind(kind: string | null): boolean {
  return kind === 'MOVED' || kind === 'ASK' || kind === 'TRYAGAIN' || kind === 'CLUSTERDOWN';
}

/** Where a MOVED or ASK reply points: `host` is null when the node answered ":port" (its own host). */
export interface RedirectTarget {
  slot: number;
  host: string | null;
  port: string;
}

/** The slot and address of "MOVED 3999 127.0.0.1:6381" (or ASK); null when malformed. */
export function parseRedirect(message: string): RedirectTarget | null {
  const parts = message.split(' ');
  if (parts.length < 3) return null;
  const slot = Number(parts[1]);
  const address = parts[2]!;
  const colon = address.lastIndexOf(':');
  if (!Number.isInteger(slot) || colon < 0 || colon === address.length - 1) return null;
  // Redis 7 may answer ":6381" when the node has no announced address: same host as the sender.
  // (A single leading colon only: "::1:7000" is an IPv6 address.)
  const sameHost = colon === 0;
  return { slot, host: sameHost ? null : address.slice(0, colon), port: address.slice(colon + 1) };
}

/** The "host:port" a redirect points at; a same-host answer takes the host of the node that sent it. */
export function redirectAddress(target: RedirectTarget, senderHost: string): string {
  return `${target.host ?? senderHost}:${target.port}`;
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
