/**
 * Protocol errors. A server that sends bytes that are not RESP is a transport failure, not a
 * reply: the connection that owns the decoder must be dropped, because nothing after the bad
 * byte can be trusted to start on a frame boundary.
 */

/** Malformed RESP input. `offset` is the absolute byte offset in the stream since the last reset. */
export class RespProtocolError extends Error {
  readonly offset: number;
  constructor(what: string, offset: number) {
    super(`RESP protocol error at byte offset ${offset}: ${what}`);
    this.name = 'RespProtocolError';
    this.offset = offset;
  }
}
