/**
 * Matches replies to the commands in flight. Redis answers in order, so the decoder's next
 * top-level reply belongs to the head of the in-flight queue: a load command (reported as
 * numbers to the ReplyHandler), a load command that wants its value, or a control call (a
 * promise). The decoder runs in count mode and is asked for a value only when the head wants one.
 */
import { RespDecoder, type ReplySink } from '../resp/decoder.js';
import { RespType } from '../resp/types.js';
import { isErrorReply, isNull, RespPush, type RespValue } from '../resp/values.js';
import { ControlWaiters } from './control-waiters.js';
import type { ReplyHandler, ValueHandler } from './connection-types.js';
import { errorKindOf } from './error-kinds.js';
import { EntryKind, InflightQueue } from './inflight-queue.js';
import { ServerReplyError } from './server-reply-error.js';

const noopReply: ReplyHandler = () => undefined;

/** Owns the decoder, the in-flight queue and the control promises of one connection. */
export class ReplyRouter {
  readonly queue: InflightQueue;
  readonly waiters = new ControlWaiters();
  readonly decoder: RespDecoder;
  onReply: ReplyHandler = noopReply;
  onValue: ValueHandler | null = null;
  /** Called when a load command's error reply is READONLY (the node became a replica); null ignores it. */
  onReadonly: (() => void) | null = null;
  /** Out-of-band RESP3 pushes (pub/sub messages); null ignores them. */
  onPush: ((push: RespPush) => void) | null = null;
  /** Arrival time of the chunk being decoded (us): replies of one chunk arrived together. */
  nowUs = 0;
  /** Set when a reply arrived that no command asked for; the stream can no longer be trusted. */
  unsolicited = false;

  constructor(
    initialCapacity: number,
    /** Removes secrets from server messages before they reach an error. */
    private readonly scrub: (text: string) => string,
  ) {
    this.queue = new InflightQueue(initialCapacity);
    this.decoder = new RespDecoder(this.sink, { mode: 'count' });
  }

  /** Forgets a half-read frame, for a new socket. */
  reset(): void {
    this.decoder.reset();
    this.unsolicited = false;
  }

  /**
   * Fails the `count` oldest entries with a transport kind. Only a count taken before the call:
   * the handler may enqueue again while being told, and those entries are not ours to fail.
   */
  failOldest(count: number, kind: string, nowUs: number, controlError: () => Error): void {
    const q = this.queue;
    for (let n = Math.min(count, q.length); n > 0; n--) {
      const tag = q.headTag();
      const intended = q.headIntended();
      const sentRaw = q.headSent();
      const sent = Number.isNaN(sentRaw) ? nowUs : sentRaw; // never written: no send time to report
      const entryKind = q.headKind();
      q.shift();
      if (entryKind === EntryKind.control) this.waiters.reject(controlError());
      else if (entryKind === EntryKind.value && this.onValue !== null) this.onValue(tag, intended, sent, nowUs, kind, null);
      else this.onReply(tag, intended, sent, nowUs, kind, false);
    }
  }

  /** An error reply's kind, after telling onReadonly about READONLY. */
  private errorKind(kind: string): string {
    if (kind === 'READONLY') this.onReadonly?.();
    return kind;
  }

  private readonly sink: ReplySink = {
    wantsValue: (): boolean => this.queue.length > 0 && this.queue.headKind() !== EntryKind.count,
    onReply: (type: number, nullReply: boolean): void => {
      if (type === RespType.push) return; // out-of-band RESP3 push: answers no command
      const q = this.queue;
      if (q.length === 0 || this.unsolicited) {
        this.unsolicited = true;
        return;
      }
      const tag = q.headTag();
      const intended = q.headIntended();
      const sent = q.headSent();
      q.shift();
      const isError = type === RespType.simpleError || type === RespType.bulkError;
      const errorKind = isError ? this.errorKind(errorKindOf(this.decoder.lastError)) : null;
      this.onReply(tag, intended, sent, this.nowUs, errorKind, nullReply);
    },
    onValue: (value: RespValue): void => {
      if (value instanceof RespPush) {
        this.onPush?.(value);
        return;
      }
      const q = this.queue;
      if (q.length === 0 || this.unsolicited) {
        this.unsolicited = true;
        return;
      }
      const tag = q.headTag();
      const intended = q.headIntended();
      const sent = q.headSent();
      const kind = q.headKind();
      q.shift();
      if (kind === EntryKind.control) {
        if (isErrorReply(value)) this.waiters.reject(new ServerReplyError(this.scrub(value.message), this.waiters.headCommand()));
        else this.waiters.resolve(value);
        return;
      }
      const errorKind = isErrorReply(value) ? this.errorKind(errorKindOf(value.message)) : null;
      if (this.onValue !== null) this.onValue(tag, intended, sent, this.nowUs, errorKind, value);
      else this.onReply(tag, intended, sent, this.nowUs, errorKind, isNull(value));
    },
  };
}
