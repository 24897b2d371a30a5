import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect } from '../src/inspect.js';

describe('inspect: distinct numbers and the share normalised to E.164', () => {
  it('counts each canonical number once, keeps raw strings apart, leaves withheld out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-inspect-'));
    const file = join(dir, 'calls.csv');
    writeFileSync(
      file,
      'start,caller,callee,duration,status,direction\n' +
        '2026-03-02 10:00:00,+33612345678,+33140000000,30,answered,in\n' +
        '2026-03-02 10:05:00,06 12 34 56 78,+33140000000,0,missed,in\n' + // same number, national form
        '2026-03-02 10:06:00,anonymous,+33140000000,0,missed,in\n' + // withheld: not a number
        '2026-03-02 10:07:00,+0123,+33140000000,5,answered,in\n' + // raw: not E.164
        '2026-03-02 10:08:00,3900,+33140000000,5,answered,in\n' + // short code
        '2026-03-02 10:08:30,+333,+33140000000,5,answered,in\n' + // raw, though it starts with +digits
        '2026-03-02 10:09:00,+33140000000,+212612345678,60,answered,out\n',
    );
    const { inputs } = await inspect([file]);
    expect(inputs[0].rows).toBe(7);
    // +33612345678, +33140000000, +0123, 3900, +333, +212612345678
    expect(inputs[0].distinctNumbers).toBe(6);
    expect(inputs[0].e164Share).toBeCloseTo(3 / 6, 10);
    expect(inputs[0].withheldCalls).toBe(1);
  });
});
