import { describe, expect, it } from 'vitest';
import { TopCounter } from '../../src/windows/topk.js';

describe('TopCounter (Space-Saving)', () => {
  it('is exact while the keys fit', () => {
    const t = new TopCounter(4);
    for (const k of ['a', 'b', 'a', 'c', 'a', 'b']) t.add(k);
    expect(t.entries()).toEqual([
      { key: 'a', count: 3, error: 0 },
      { key: 'b', count: 2, error: 0 },
      { key: 'c', count: 1, error: 0 },
    ]);
    expect(t.total).toBe(6);
  });

  it('keeps a heavy hitter among many light keys, with a bounded error', () => {
    const t = new TopCounter(8);
    for (let i = 0; i < 1000; i++) {
      t.add(`light${i}`);
      if (i % 3 === 0) t.add('heavy');
    }
    const top = t.top()!;
    expect(top.key).toBe('heavy');
    expect(top.count - top.error).toBeLessThanOrEqual(334);
    expect(top.count).toBeGreaterThanOrEqual(334);
    expect(top.error).toBeLessThanOrEqual(Math.ceil(t.total / 8));
  });

  it('has no top when empty', () => {
    expect(new TopCounter().top()).toBeNull();
  });
});
