/**
 * Lists of non-negative integer ids (below 2^31) packed at the bit width of their largest value: the
 * calls of a day that is over, kept as [caller id, callee id] pairs, cost 2 x 19 bits a call with 316 k
 * numbers instead of 2 x 32. Layout: [count, bits, ...bit stream, low bits first].
 */

export function packIds(values: ArrayLike<number>, count: number): Uint32Array {
  let max = 0;
  for (let i = 0; i < count; i++) if (values[i] > max) max = values[i];
  const bits = Math.max(1, 32 - Math.clz32(max));
  const packed = new Uint32Array(2 + Math.ceil((count * bits) / 32));
  packed[0] = count;
  packed[1] = bits;
  let bit = 0;
  for (let i = 0; i < count; i++) {
    const v = values[i];
    const word = 2 + (bit >>> 5);
    const offset = bit & 31;
    packed[word] |= v << offset;
    if (offset + bits > 32) packed[word + 1] |= v >>> (32 - offset);
    bit += bits;
  }
  return packed;
}

export function unpackIds(packed: Uint32Array): Int32Array {
  const count = packed[0];
  const bits = packed[1];
  const mask = 2 ** bits - 1;
  const values = new Int32Array(count);
  let bit = 0;
  for (let i = 0; i < count; i++) {
    const word = 2 + (bit >>> 5);
    const offset = bit & 31;
    let v = packed[word] >>> offset;
    if (offset + bits > 32) v |= packed[word + 1] << (32 - offset);
    values[i] = v & mask;
    bit += bits;
  }
  return values;
}
