/**
 * The weighted command table: which entry to send next (alias method, O(1) per draw) and how
 * to write it. An entry is one command, several commands sent back to back, or a MULTI/EXEC
 * block.
 */
import type { ArgSink } from './arg-sink.js';
import { AliasTable } from './alias-table.js';
import type { WorkloadContext } from './context.js';
import type { Emitter } from './template-compiler.js';

export interface MixEntry {
  /** The commands of this entry, in order (usually one). */
  emitters: Emitter[];
  /** Relative weight; need not sum to anything in particular. */
  weight: number;
  /** Wrap the commands in MULTI ... EXEC. */
  transaction?: boolean;
}

const MULTI = Buffer.from('*1\r\n$5\r\nMULTI\r\n', 'latin1');
const EXEC = Buffer.from('*1\r\n$4\r\nEXEC\r\n', 'latin1');

export class CommandMix {
  private readonly table: AliasTable;
  private readonly entries: MixEntry[];
  /** Replies each entry produces (MULTI and EXEC reply too), for the in-flight accounting. */
  readonly replies: Int32Array;

  constructor(
    entries: MixEntry[],
    private readonly ctx: WorkloadContext,
  ) {
    for (const e of entries) if (e.emitters.length === 0) throw new RangeError('a mix entry needs at least one command');
    this.entries = entries;
    this.table = new AliasTable(entries.map((e) => e.weight));
    this.replies = Int32Array.from(entries.map((e) => e.emitters.length + (e.transaction === true ? 2 : 0)));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Draws the index of the next entry to send, in proportion to the weights. */
  pick(): number {
    // A one-entry mix (the common inline run) needs no draw.
    return this.entries.length === 1 ? 0 : this.table.pick(this.ctx.rng);
  }

  /**
   * Writes entry `index` and returns how many replies it will produce. The keys of one entry
   * (all of a MULTI/EXEC block) share a hash tag, as Redis Cluster requires for transactions.
   */
  emit(index: number, enc: ArgSink): number {
    const entry = this.entries[index]!;
    const emitters = entry.emitters;
    const scope = this.ctx.tagScope;
    if (entry.transaction === true) {
      scope.beginBlock();
      enc.raw(MULTI);
      for (let i = 0; i < emitters.length; i++) {
        scope.nextCommand();
        emitters[i]!.emitInScope(enc);
      }
      enc.raw(EXEC);
      scope.reset();
    } else {
      scope.reset(emitters.length);
      for (let i = 0; i < emitters.length; i++) emitters[i]!.emitInScope(enc);
    }
    return this.replies[index]!;
  }
}

/** Builds the weighted table for a worker's context. */
export function compileMix(entries: MixEntry[], ctx: WorkloadContext): CommandMix {
  return new CommandMix(entries, ctx);
}
