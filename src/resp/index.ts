/** The RESP codec: value model, streaming decoder, command and value encoders. */
export { RespDecoder } from './decoder.js';
export type { ReplySink, RespDecoderOptions } from './reply-sink.js';
export { CommandEncoder, encodeCommand } from './encoder.js';
export { encodeValue, type EncodableValue } from './value-encoder.js';
export { RespProtocolError } from './errors.js';
export { RespType } from './types.js';
export * from './values.js';
