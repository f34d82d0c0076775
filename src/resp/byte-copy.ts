/** Copying argument bytes into a write buffer, the way the hot paths need it. */

/** Up to this many bytes a JS loop beats TypedArray.set, whose native call costs more than the copy. */
const SHORT_COPY = 32;

/** Copies `src` into `dst` at `pos`; returns the position after the copied bytes. */
export function copyBytes(dst: Uint8Array, pos: number, src: Uint8Array): number {
  const n = src.length;
  if (n <= SHORT_COPY) {
    for (let i = 0; i < n; i++) dst[pos + i] = src[i]!;
  } else {
    dst.set(src, pos);
  }
  return pos + n;
}
