/**
 * The commands sent on every new socket before any load: authentication (inside HELLO for
 * RESP3), the database, and the client name. They are pipelined in one write and their
 * replies judged together, so a handshake costs one round trip.
 */
import { RuntimeError } from '../shared/errors.js';
import type { RespValue } from '../resp/values.js';
import { scrubSecrets } from './redact.js';
import { ConnectionError } from './connection-error.js';
import { ServerReplyError } from './server-reply-error.js';
import type { StandaloneTarget } from './target-url.js';

/** What the handshake needs to know beyond the target. */
export interface HandshakeOptions {
  /** 3 sends HELLO 3 (and fails if the server cannot); 2 stays on RESP2. */
  protocol: 2 | 3;
  /** CLIENT SETNAME value; null to skip. Servers that refuse it are tolerated. */
  clientName: string | null;
}

type Step = 'auth' | 'hello' | 'select' | 'setname';

/** The handshake commands for `target`, in sending order. */
export function handshakeCommands(target: StandaloneTarget, options: HandshakeOptions): Array<{ step: Step; args: string[] }> {
  const steps: Array<{ step: Step; args: string[] }> = [];
  if (options.protocol === 3) {
    const args = ['HELLO', '3'];
    // HELLO's AUTH needs a user name; the default user is literally "default".
    if (target.password !== null) args.push('AUTH', target.username ?? 'default', target.password);
    steps.push({ step: 'hello', args });
  } else if (target.password !== null) {
    steps.push({ step: 'auth', args: target.username === null ? ['AUTH', target.password] : ['AUTH', target.username, target.password] });
  }
  if (target.db !== 0) steps.push({ step: 'select', args: ['SELECT', String(target.db)] });
  if (options.clientName !== null) steps.push({ step: 'setname', args: ['CLIENT', 'SETNAME', options.clientName] });
  return steps;
}

/**
 * Sends the handshake through `call` (which must pipeline) and turns failures into a
 * RuntimeError a user can act on. The password never reaches the message.
 */
export async function runHandshake(
  call: (args: string[]) => Promise<RespValue>,
  target: StandaloneTarget,
  options: HandshakeOptions,
): Promise<void> {
  const steps = handshakeCommands(target, options);
  const results = await Promise.allSettled(steps.map((s) => call(s.args)));
  const scrub = (text: string): string => scrubSecrets(text, [target.password ?? undefined]);
  // A full server answers the first command with its refusal, whatever that command was.
  const full = results.find((r) => r.status === 'rejected' && r.reason instanceof ServerReplyError && isServerFull(r.reason.message));
  if (full !== undefined) throw serverFullError(target, scrub((full as PromiseRejectedResult).reason.message));
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!.step;
    const result = results[i]!;
    if (result.status === 'fulfilled') continue;
    const error: unknown = result.reason;
    if (!(error instanceof ServerReplyError)) throw error; // transport failure: already a RuntimeError
    const text = scrub(error.message);
    if (step === 'setname' && error.kind !== 'NOAUTH') continue; // a proxy may not know CLIENT SETNAME
    if (error.kind === 'NOAUTH' || error.kind === 'WRONGPASS' || step === 'auth' || (step === 'hello' && /auth|pass/i.test(text))) {
      throw new RuntimeError(
        `authentication failed at ${target.display}: ${text}`,
        target.password === null
          ? 'the server needs a password: put it in the URL (redis://user:password@host:port)'
          : 'check the user name and password in the target URL',
      );
    }
    if (step === 'hello') {
      throw new RuntimeError(`${target.display} refused RESP3 (HELLO 3): ${text}`, 'the server may be older than Redis 6; use RESP2');
    }
    if (step === 'select') {
      throw new RuntimeError(`${target.display} refused SELECT ${target.db}: ${text}`, 'check the database number (cluster mode has only db 0)');
    }
    throw new RuntimeError(`handshake with ${target.display} failed: ${text}`);
  }
}

/** True for the error a server at its maxclients sends before it closes a new connection. */
export function isServerFull(text: string): boolean {
  return /max(imum)? number of clients reached/i.test(text);
}

/** The connection error for a server at maxclients, with the server's own words. */
export function serverFullError(target: StandaloneTarget, serverText: string): ConnectionError {
  return new ConnectionError(
    'refused',
    `${target.display} refused the connection: ${serverText}`,
    'the server is at its maxclients: raise it (CONFIG SET maxclients N) or use fewer --connections',
  );
}
