/**
 * The commands a cluster connection wrote straight to one node (routed-writer.ts) and that node
 * has not answered yet, in the order they were written: a ring of typed arrays beside the node
 * connection's own in-flight queue. A node answers in order, so the oldest entry here is the one
 * its next direct-tagged reply (or failure) belongs to.
 *
 * Why not a pooled Unit per command, as staged commands get: in cluster SET P16 the first touch
 * of each command's Unit object, once when written and once when answered, was ~10% of the
 * worker's samples (`--cpu-prof` line ticks on `u.tag = tag` and on the reply's first read of
 * `u`). These arrays are written and read in order, so the lines they touch stay in cache. A
 * command becomes a Unit only when it has to travel (a redirect): see ClusterConnection.
 *
 * Each command's node tag carries the low bits of its sequence number; the ring checks it on
 * every shift, so a reply matched to the wrong command fails loudly instead of skewing latencies.
 * When the ring is empty no range of the node's slab is needed, and the router lets it start over.
 */

const EMPTY = Buffer.alloc(0);

/** Node tags at or above this are direct commands (unit ids stay far below it). */
export const DIRECT_TAG_BASE = 2 ** 30;
const SEQ_MASK = DIRECT_TAG_BASE - 1;

/** True when a node reply's tag is a direct command's. */
export function isDirectTag(tag: number): boolean {
  return tag >= DIRECT_TAG_BASE;
}

export class DirectCommands {
  /** The load loop's tag of each command. */
  private tags: Int32Array;
  private slots: Int16Array;
  private wantValues: Uint8Array;
  /** The command's bytes, bufs[i][starts[i], ends[i]): a range of the node's slab, not written over while the command is here. */
  private bufs: Buffer[];
  private starts: Int32Array;
  private ends: Int32Array;
  private head = 0;
  private count = 0;
  /** Sequence number of the next command pushed. */
  private nextSeq = 0;

  // Fields of the entry the last shift() took; valid until the next push.
  tag = 0;
  slot = 0;
  wantValue = false;
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;

  constructor(capacity = 64) {
    const n = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.tags = new Int32Array(n);
    this.slots = new Int16Array(n);
    this.wantValues = new Uint8Array(n);
    this.bufs = new Array<Buffer>(n).fill(EMPTY);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
  }

  get length(): number {
    return this.count;
  }

  /** Records a command written to the node's slab at buf[start, end); returns the tag to enqueue it with on the node. */
  push(tag: number, slot: number, wantValue: boolean, buf: Buffer, start: number, end: number): number {
    if (this.count === this.tags.length) this.grow();
    const i = (this.head + this.count) & (this.tags.length - 1);
    this.tags[i] = tag;
    this.slots[i] = slot;
    this.wantValues[i] = wantValue ? 1 : 0;
    this.bufs[i] = buf;
    this.starts[i] = start;
    this.ends[i] = end;
    this.count++;
    const seq = this.nextSeq;
    this.nextSeq = (seq + 1) & SEQ_MASK;
    return DIRECT_TAG_BASE + seq;
  }

  /** Takes the oldest command into this object's fields; `nodeTag` is the tag its reply came with. */
  shift(nodeTag: number): void {
    const seq = (this.nextSeq - this.count) & SEQ_MASK;
    if (this.count === 0 || nodeTag !== DIRECT_TAG_BASE + seq) {
      throw new Error(`cluster router: a node reply tagged ${nodeTag} does not match the oldest direct command (${this.count === 0 ? 'none in flight' : DIRECT_TAG_BASE + seq})`);
    }
    const i = this.head;
    this.tag = this.tags[i]!;
    this.slot = this.slots[i]!;
    this.wantValue = this.wantValues[i] === 1;
    this.buf = this.bufs[i]!;
    this.bufs[i] = EMPTY; // a slab is not kept alive by a command that was answered
    this.start = this.starts[i]!;
    this.end = this.ends[i]!;
    this.head = (i + 1) & (this.tags.length - 1);
    this.count--;
  }

  private grow(): void {
    const old = this.tags.length;
    const n = old * 2;
    const order = (k: number) => (this.head + k) & (old - 1);
    const tags = new Int32Array(n);
    const slots = new Int16Array(n);
    const wantValues = new Uint8Array(n);
    const bufs = new Array<Buffer>(n).fill(EMPTY);
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    for (let k = 0; k < this.count; k++) {
      const i = order(k);
      tags[k] = this.tags[i]!;
      slots[k] = this.slots[i]!;
      wantValues[k] = this.wantValues[i]!;
      bufs[k] = this.bufs[i]!;
      starts[k] = this.starts[i]!;
      ends[k] = this.ends[i]!;
    }
    this.tags = tags;
    this.slots = slots;
    this.wantValues = wantValues;
    this.bufs = bufs;
    this.starts = starts;
    this.ends = ends;
    this.head = 0;
  }
}
