import { describe, expect, it } from 'vitest';
import { rowText } from '../../src/evidence/collect.js';

describe('rowText: the original row as shown in evidence', () => {
  it('drops the blank lines before a row and the CR of a CRLF file, nothing else', () => {
    expect(rowText('\r\n\r\n2026-03-02 10:00:00;+33612345678\r')).toBe('2026-03-02 10:00:00;+33612345678');
    expect(rowText('\n\na,b,c')).toBe('a,b,c');
    expect(rowText(' a , b ')).toBe(' a , b ');
    expect(rowText('"multi\r\nline",x')).toBe('"multi\r\nline",x');
  });
});
