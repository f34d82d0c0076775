/**
 * The part of src/resp's CommandEncoder that emitters use. Declared here structurally so the
 * workload compiles and tests without the encoder, and so a test can capture arguments; the
 * real CommandEncoder satisfies it as is.
 *
 * Contract the emitters rely on: argBuffer copies the bytes before returning, so the caller may
 * overwrite the same Buffer for the next argument (scratch buffers are reused that way).
 */
export interface ArgSink {
  /** Starts a command of `argc` arguments (the name included). */
  command(argc: number): this;
  arg(s: string): this;
  /** An integer argument, written as its decimal digits. */
  argNumber(n: number): this;
  argBuffer(b: Uint8Array): this;
  /** Like argBuffer, for the command's first key: a cluster router picks the node from it. */
  argKey(b: Uint8Array): this;
  /** Like argBuffer, for bytes that stay unchanged until sent: the sink may keep a reference instead of a copy. */
  argShared(b: Uint8Array): this;
  /** Bytes already in RESP form (pre-encoded command headers and literal arguments). */
  raw(b: Uint8Array): this;
}
