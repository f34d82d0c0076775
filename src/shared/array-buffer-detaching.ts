/**
 * V8 compiles typed-array code on the assumption that no ArrayBuffer was ever detached (its
 * "ArrayBufferDetaching" protector) and throws all such optimized code away the first time one
 * is. In rbench the first detach was the histograms' WebAssembly memory growing (growing detaches
 * the old `memory.buffer`) at the start of the first measured phase, so the worker threw away and
 * recompiled its encoder, socket-write and reply code just as the phase began
 * (`node --trace-protector-invalidation --trace-deopt`, open model at 20k/s).
 */

/** Detaches a throwaway ArrayBuffer, so that assumption is gone before anything is optimized. */
export function giveUpArrayBufferDetachingAssumption(): void {
  const throwaway = new ArrayBuffer(8);
  structuredClone(throwaway, { transfer: [throwaway] });
}
