/**
 * Call records in columnar batches, to hand them to another thread: one typed array per field, whose
 * buffers are transferred (moved, not copied) with `postMessage`. Numbers travel as the run-wide ids of
 * the NumberBook; each batch carries the number strings whose ids first appeared since the previous
 * batch, so the receiving thread's NumberBook gives every id the same string (see NumberBook.adopt).
 * Optional texts (caller name, attestation) travel only for the rows that have them.
 */
import type { NumberBook } from './numbers.js';
import { CALL_STATUSES, type CallRecord, DIRECTIONS } from './record.js';

/** Rows per batch: large enough that a message costs little per row, small enough to stay in cache. */
export const BATCH_ROWS = 8192;

export interface RecordBatch {
  rows: number;
  start: Float64Array;
  callerId: Int32Array;
  calleeId: Int32Array;
  duration: Float64Array;
  status: Uint8Array;
  direction: Uint8Array;
  input: Int32Array;
  line: Float64Array;
  /** Row index -> caller name / attestation, for the rows that carry one. */
  texts: [number, string | undefined, string | undefined][];
  /** Number strings for the ids from `firstNewId` on, in id order. */
  firstNewId: number;
  newValues: string[];
  /** Raw strings that start with `+` but are not E.164, seen since the previous batch. */
  newRawPlus: string[];
}

const STATUS_CODE = new Map(CALL_STATUSES.map((s, i) => [s, i]));
const DIRECTION_CODE = new Map(DIRECTIONS.map((d, i) => [d, i]));
/** A value outside the lists (none should be) travels as `unknown`, never as another status. */
const UNKNOWN_STATUS = CALL_STATUSES.indexOf('unknown');
const UNKNOWN_DIRECTION = DIRECTIONS.indexOf('unknown');

/** Fills batches from records, one at a time (no allocation per row). */
export class BatchWriter {
  private batch: RecordBatch;
  private sentIds = 0;
  private sentRawPlus = 0;

  constructor(private readonly numbers: NumberBook) {
    this.batch = emptyBatch();
  }

  get rows(): number {
    return this.batch.rows;
  }

  /** Adds a record; returns true when the batch is full (call `take`). */
  add(r: CallRecord): boolean {
    const b = this.batch;
    const i = b.rows++;
    b.start[i] = r.start;
    b.callerId[i] = r.callerId;
    b.calleeId[i] = r.calleeId;
    b.duration[i] = r.duration;
    b.status[i] = STATUS_CODE.get(r.status) ?? UNKNOWN_STATUS;
    b.direction[i] = DIRECTION_CODE.get(r.direction) ?? UNKNOWN_DIRECTION;
    b.input[i] = r.input;
    b.line[i] = r.line;
    if (r.callerName !== undefined || r.attestation !== undefined)
      b.texts.push([i, r.callerName, r.attestation]);
    return b.rows === BATCH_ROWS;
  }

  /** The batch so far with the number strings it needs, and the buffers to transfer; starts a new one. */
  take(): { batch: RecordBatch; transfer: ArrayBuffer[] } {
    const b = this.batch;
    const ids = this.numbers.idCount;
    b.firstNewId = this.sentIds;
    b.newValues = this.numbers.valuesFrom(this.sentIds);
    this.sentIds = ids;
    b.newRawPlus = this.numbers.rawPlusFrom(this.sentRawPlus);
    this.sentRawPlus += b.newRawPlus.length;
    this.batch = emptyBatch();
    const transfer = [
      b.start,
      b.callerId,
      b.calleeId,
      b.duration,
      b.status,
      b.direction,
      b.input,
      b.line,
    ].map((a) => a.buffer as ArrayBuffer);
    return { batch: b, transfer };
  }
}

function emptyBatch(): RecordBatch {
  return {
    rows: 0,
    start: new Float64Array(BATCH_ROWS),
    callerId: new Int32Array(BATCH_ROWS),
    calleeId: new Int32Array(BATCH_ROWS),
    duration: new Float64Array(BATCH_ROWS),
    status: new Uint8Array(BATCH_ROWS),
    direction: new Uint8Array(BATCH_ROWS),
    input: new Int32Array(BATCH_ROWS),
    line: new Float64Array(BATCH_ROWS),
    texts: [],
    firstNewId: 0,
    newValues: [],
    newRawPlus: [],
  };
}

/**
 * Calls `fn` with each row of a batch as a record. The record object is reused from row to row (the
 * detectors' contract: never keep a record), so reading a batch allocates nothing per row.
 */
export function readBatch(
  b: RecordBatch,
  numbers: NumberBook,
  fn: (r: CallRecord, row: number) => void,
): void {
  numbers.adopt(b.firstNewId, b.newValues, b.newRawPlus);
  const r: CallRecord = {
    start: 0,
    caller: '',
    callee: '',
    callerId: 0,
    calleeId: 0,
    duration: 0,
    status: 'unknown',
    direction: 'unknown',
    input: 0,
    line: 0,
    callerName: undefined,
    attestation: undefined,
  };
  let t = 0;
  const texts = b.texts;
  for (let i = 0; i < b.rows; i++) {
    r.start = b.start[i];
    r.callerId = b.callerId[i];
    r.calleeId = b.calleeId[i];
    r.caller = numbers.valueOf(r.callerId);
    r.callee = numbers.valueOf(r.calleeId);
    r.duration = b.duration[i];
    r.status = CALL_STATUSES[b.status[i]];
    r.direction = DIRECTIONS[b.direction[i]];
    r.input = b.input[i];
    r.line = b.line[i];
    if (t < texts.length && texts[t][0] === i) {
      r.callerName = texts[t][1];
      r.attestation = texts[t][2];
      t++;
    } else {
      r.callerName = undefined;
      r.attestation = undefined;
    }
    fn(r, i);
  }
}
