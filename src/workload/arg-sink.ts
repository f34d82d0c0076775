/**
 * The part of src/resp's CommandEncoder that emitters use. Declared here structurally so the
 * workload compiles and tests without the encoder, and so a test can capture arguments; the
 * real CommandEncoder satisfies it as is.
 *
 * Contract the emitters rely on: argBuffer copies the bytes before returning, so the caller may
 * overwrite the same Buffer for the next argument (scratch buffers are reused that way).
 */
/**
 * A key space's cluster slots by key index (-1: not known yet): the key space keeps it, a router
 * fills it, so each key's CRC16 is computed once per run instead of once per command.
 */
export type SlotMemo = Int16Array;

export interface ArgSink {
  /** True when argKey picks a node by the key's slot (a cluster router): then a SlotMemo is worth passing. */
  readonly routesByKey?: boolean;
  /** Starts a command of `argc` arguments (the name included). */
  command(argc: number): this;
  arg(s: string): this;
  /** An integer argument, written as its decimal digits. */
  argNumber(n: number): this;
  argBuffer(b: Uint8Array): this;
  /**
   * Like argBuffer, for the command's first key: a cluster router picks the node from it. With
   * `slots` and `index` (the key's index in its space) the router reads or records its slot there.
   */
  argKey(b: Uint8Array, slots?: SlotMemo, index?: number): this;
  /** Like argBuffer, for bytes that stay unchanged until sent: the sink may keep a reference instead of a copy. */
  argShared(b: Uint8Array): this;
  /** Bytes already in RESP form (pre-encoded command headers and literal arguments). */
  raw(b: Uint8Array): this;
}
