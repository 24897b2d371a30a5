import { describe, expect, it } from 'vitest';
import { BATCH_ROWS, BatchWriter, readBatch } from '../../src/records/batch.js';
import { NumberBook } from '../../src/records/numbers.js';
import { CALL_STATUSES, type CallRecord, DIRECTIONS } from '../../src/records/record.js';

/** Records as a reader would give them: numbers canonical, ids from the sending book. */
function recordsFor(book: NumberBook, n: number): CallRecord[] {
  const raws = ['+33612345678', '0140000000', 'anonymous', '+333', '1234', '+447700900123', ''];
  const out: CallRecord[] = [];
  for (let i = 0; i < n; i++) {
    const caller = book.canonical(raws[i % raws.length]);
    const callee = book.canonical(raws[(i * 3 + 1) % raws.length]);
    const r: CallRecord = {
      start: 1_770_000_000_000 + i * 61_000,
      caller,
      callee,
      callerId: book.idOf(caller),
      calleeId: book.idOf(callee),
      duration: i % 5 === 0 ? 0 : i * 1.5,
      status: CALL_STATUSES[i % CALL_STATUSES.length],
      direction: DIRECTIONS[i % DIRECTIONS.length],
      input: i % 3,
      line: i + 2,
    };
    if (i % 7 === 0) r.callerName = `Name ${i} =cmd|' <b>`;
    if (i % 11 === 0) r.attestation = 'A';
    out.push(r);
  }
  return out;
}

/** A record as plain data, with the optional texts only when present (as readers build them). */
function plain(r: CallRecord): CallRecord {
  const { callerName, attestation, ...rest } = r;
  return {
    ...rest,
    ...(callerName === undefined ? {} : { callerName }),
    ...(attestation === undefined ? {} : { attestation }),
  };
}

describe('record batches', () => {
  it('carry every field, and the number ids mean the same strings on the other side', () => {
    const sender = new NumberBook('FR');
    const receiver = new NumberBook('FR');
    const records = recordsFor(sender, BATCH_ROWS + 100);
    const writer = new BatchWriter(sender);
    const got: CallRecord[] = [];
    const ship = (): void => {
      // Through a structured clone, as postMessage does.
      const { batch } = writer.take();
      readBatch(structuredClone(batch), receiver, (r) => got.push(plain({ ...r })));
    };
    for (const r of records) if (writer.add(r)) ship();
    expect(writer.rows).toBe(100);
    ship();
    expect(got).toEqual(records.map(plain));
    expect(receiver.idCount).toBe(sender.idCount);
    // +333 is a raw string kept as written: not E.164 on either side.
    expect(sender.isE164('+333')).toBe(false);
    expect(receiver.isE164('+333')).toBe(false);
    expect(receiver.isE164('+33612345678')).toBe(true);
  });

  it('refuses ids that would mean another string on the receiving side', () => {
    const sender = new NumberBook('FR');
    const receiver = new NumberBook('FR');
    receiver.idOf('+33999999999');
    const writer = new BatchWriter(sender);
    writer.add(recordsFor(sender, 1)[0]);
    const { batch } = writer.take();
    expect(() => readBatch(batch, receiver, () => {})).toThrow(/number ids diverge/);
  });
});
