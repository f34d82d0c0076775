/** The error a `call()` rejects with when Redis answers with an error reply. */
import { RuntimeError } from '../shared/errors.js';
import { errorKindOf } from './error-kinds.js';

/** A server error reply (`-WRONGTYPE ...`) surfaced as an exception by the control API. */
export class ServerReplyError extends RuntimeError {
  /** First word of the reply: ERR, WRONGTYPE, MOVED, NOAUTH, ... */
  readonly kind: string;
  /** What was sent, by command name only (arguments may hold secrets). */
  readonly command: string;
  constructor(serverMessage: string, command: string) {
    super(serverMessage);
    this.kind = errorKindOf(serverMessage);
    this.command = command;
  }
}
