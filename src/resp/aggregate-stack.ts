/**
 * The decoder's open aggregates, as an explicit stack rather than recursion, so that no reply,
 * however deeply nested, can overflow the JS stack. Level 0 is the top level (only its pending
 * attributes are used); levels 1..depth are open aggregates.
 */
import { RespType as T } from './types.js';
import { Attributed, RespMap, RespPush, RespSet, type RespValue } from './values.js';

/** Open aggregates: type, children still expected, and in value mode the children so far. */
export class AggregateStack {
  depth = 0;
  private readonly types: number[] = [0];
  private readonly left: number[] = [0];
  private readonly items: RespValue[][] = [[]];
  /** Attributes waiting for the next value at each level. */
  private readonly attrs: Array<RespMap[] | null> = [null];

  /** Opens an aggregate expecting `children` (> 0) values; `collect` keeps them (value mode). */
  open(type: number, children: number, collect: boolean): void {
    const d = ++this.depth;
    this.types[d] = type;
    this.left[d] = children;
    if (collect) {
      this.items[d] = [];
      this.attrs[d] = null;
    }
  }

  /** True when attributes are waiting for the next top-level value (it must be built as a value). */
  topHasAttributes(): boolean {
    return this.attrs[0] !== null;
  }

  /**
   * Count mode: a value of `type` ended inside an aggregate (depth > 0). Closes every aggregate it
   * completes; returns the type of the top-level reply thus completed, or -1 if none was.
   */
  endCounted(type: number): number {
    let t = type;
    let d = this.depth;
    while (d > 0) {
      // An attribute describes the next value; it is not a child of its parent, nor a reply.
      if (t === T.attribute) return -1;
      const left = this.left[d]! - 1;
      this.left[d] = left;
      if (left > 0) return -1;
      t = this.types[d]!;
      this.depth = --d;
    }
    return t === T.attribute ? -1 : t;
  }

  /**
   * Value mode: `value` ended at the current depth. Closes every aggregate it completes; returns
   * the top-level value thus completed, or undefined if none was.
   */
  endValue(value: RespValue): RespValue | undefined {
    let v = value;
    let d = this.depth;
    for (;;) {
      const attrs = this.attrs[d];
      if (attrs !== null && attrs !== undefined) {
        v = attach(attrs, v);
        this.attrs[d] = null;
      }
      if (d === 0) return v;
      const items = this.items[d]!;
      items.push(v);
      const left = this.left[d]! - 1;
      this.left[d] = left;
      if (left > 0) return undefined;
      const t = this.types[d]!;
      this.depth = --d;
      if (t === T.attribute) {
        this.addAttribute(toMap(items));
        return undefined;
      }
      v = buildAggregate(t, items);
    }
  }

  /** Value mode: an attribute ended at the current depth; hold it for the next value there. */
  addAttribute(map: RespMap): void {
    const pending = this.attrs[this.depth];
    if (pending === null || pending === undefined) this.attrs[this.depth] = [map];
    else pending.push(map);
  }

  /** Empties the stack and releases what it held. */
  clear(): void {
    this.depth = 0;
    this.types.length = this.left.length = this.items.length = this.attrs.length = 1;
    this.attrs[0] = null;
  }
}

/** The value of a finished aggregate of type `type` whose children, in order, are `items`. */
export function buildAggregate(type: number, items: RespValue[]): RespValue {
  switch (type) {
    case T.array:
      return items;
    case T.set:
      return new RespSet(items);
    case T.push:
      return new RespPush(items);
    default:
      return toMap(items);
  }
}

/** A map from an even-length list of alternating keys and values. */
export function toMap(items: RespValue[]): RespMap {
  const entries = new Array<[RespValue, RespValue]>(items.length >>> 1);
  for (let i = 0, j = 0; i + 1 < items.length; i += 2, j++) entries[j] = [items[i]!, items[i + 1]!];
  return new RespMap(entries);
}

/** Attaches attributes, oldest first, to the value that followed them. */
function attach(attributes: RespMap[], value: RespValue): RespValue {
  let v = value;
  for (let i = attributes.length - 1; i >= 0; i--) v = new Attributed(attributes[i]!, v);
  return v;
}
