/** The error for a control call or a connect attempt lost to a transport failure. */
import { RuntimeError } from '../shared/errors.js';
import type { TransportKind } from './error-kinds.js';

const HINTS: Readonly<Record<TransportKind, string>> = {
  refused: 'start Redis there, pass another --target, or use --local to start a throwaway redis-server',
  reset: 'the server dropped the connection; check its log and maxclients',
  timeout: 'the server did not answer in time; check that it is up and not blocked, or raise the timeout',
  protocol: 'the server does not speak RESP; check the port (is it Redis?) and TLS (rediss://)',
  closed: 'the connection was closed; check the server log (maxclients, timeout, client kill)',
  tls: 'check --tls-ca / --tls-cert / --tls-key, or pass --insecure for a self-signed test server',
};

/** A connection failure with its transport kind. The message names the target by its redacted display. */
export class ConnectionError extends RuntimeError {
  readonly kind: TransportKind;
  constructor(kind: TransportKind, message: string, hint?: string) {
    super(message, hint ?? HINTS[kind]);
    this.kind = kind;
  }
}
