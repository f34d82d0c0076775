/**
 * RESP type bytes, named once so the decoder and encoders agree and a reader need not remember
 * that 0x7e is a set.
 */
export const RespType = {
  simpleString: 0x2b, // +
  simpleError: 0x2d, // -
  integer: 0x3a, // :
  bulkString: 0x24, // $
  array: 0x2a, // *
  null: 0x5f, // _
  boolean: 0x23, // #
  double: 0x2c, // ,
  bigNumber: 0x28, // (
  bulkError: 0x21, // !
  verbatim: 0x3d, // =
  map: 0x25, // %
  set: 0x7e, // ~
  attribute: 0x7c, // |
  push: 0x3e, // >
} as const;
export type RespType = (typeof RespType)[keyof typeof RespType];
