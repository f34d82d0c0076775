/**
 * Promises of control calls (`call()`), in sending order. Control commands are rare, so a
 * plain array is fine here; the load path never touches it.
 */
import type { RespValue } from '../resp/values.js';

interface Waiter {
  resolve: (value: RespValue) => void;
  reject: (error: Error) => void;
  command: string;
}

/** FIFO of pending control calls, matched with the control entries of the in-flight queue. */
export class ControlWaiters {
  private readonly items: Waiter[] = [];
  private head = 0;

  /** A promise for the next control reply; `command` is the command name, for error messages. */
  add(command: string): Promise<RespValue> {
    return new Promise<RespValue>((resolve, reject) => {
      this.items.push({ resolve, reject, command });
    });
  }

  /** Name of the oldest pending command. */
  headCommand(): string {
    return this.items[this.head]?.command ?? 'command';
  }

  /** Resolves the oldest pending call. */
  resolve(value: RespValue): void {
    this.take()?.resolve(value);
  }

  /** Rejects the oldest pending call. */
  reject(error: Error): void {
    this.take()?.reject(error);
  }

  private take(): Waiter | undefined {
    const waiter = this.items[this.head];
    if (waiter === undefined) return undefined;
    this.items[this.head] = undefined as unknown as Waiter;
    this.head++;
    // Compact now and then so the array does not grow for the life of the connection.
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return waiter;
  }
}
