import { describe, expect, it } from 'vitest';
import { packIds, unpackIds } from '../../src/windows/packed-ids.js';
import { mulberry32 } from '../detectors/harness.js';

describe('packIds / unpackIds', () => {
  it('give back the same ids at every bit width, in a fraction of the space', () => {
    const rand = mulberry32(19);
    for (const max of [1, 2, 7, 1000, 316_000, 2 ** 31 - 1]) {
      const ids = Array.from({ length: 301 }, (_, i) => (i === 0 ? max : Math.floor(rand() * (max + 1))));
      const packed = packIds(ids, ids.length);
      expect([...unpackIds(packed)]).toEqual(ids);
      expect(packed.length).toBeLessThanOrEqual(2 + Math.ceil((ids.length * (32 - Math.clz32(max))) / 32));
    }
  });

  it('packs only the first `count` values, and nothing', () => {
    expect([...unpackIds(packIds([5, 9, 300], 2))]).toEqual([5, 9]);
    expect([...unpackIds(packIds([], 0))]).toEqual([]);
  });
});
