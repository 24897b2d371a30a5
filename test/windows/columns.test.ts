import { describe, expect, it } from 'vitest';
import { Float64Column, Int32Column, Interner } from '../../src/windows/columns.js';

describe('typed columns and the interner', () => {
  it('grow past their initial capacity and keep every value', () => {
    const a = new Int32Column();
    const b = new Float64Column();
    for (let i = 0; i < 5000; i++) {
      expect(a.push(i * 3)).toBe(i);
      b.push(i / 2);
    }
    expect(a.length).toBe(5000);
    expect(a.data[4999]).toBe(14997);
    expect(b.data[4999]).toBe(2499.5);
    a.data[10]++;
    expect(a.data[10]).toBe(31);
  });

  it('gives each distinct string the next id, and the same id again', () => {
    const ids = new Interner();
    expect(ids.id('+33612345678')).toBe(0);
    expect(ids.id('withheld')).toBe(1);
    expect(ids.id('+33612345678')).toBe(0);
    expect(ids.size).toBe(2);
    expect(ids.names).toEqual(['+33612345678', 'withheld']);
  });
});
