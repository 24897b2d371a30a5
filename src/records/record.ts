/**
 * The canonical call record: every input format is turned into this one shape (see
 * shared/spec/cli-contract.md, "The canonical call record").
 */

export const CALL_STATUSES = [
  'answered',
  'missed',
  'busy',
  'failed',
  'rejected',
  'blocked',
  'voicemail',
  'unknown',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const DIRECTIONS = ['in', 'out', 'internal', 'unknown'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Canonical value of a caller who withheld their number (anonymous, private, restricted...). */
export const WITHHELD = 'withheld';

export interface CallRecord {
  /** Start of the call as epoch milliseconds (UTC instant). */
  start: number;
  /** E.164 (`+33612345678`) when the number could be normalised, `withheld`, or the raw string. */
  caller: string;
  /** Same rules as `caller`. */
  callee: string;
  /**
   * Run-wide ids of `caller` and `callee` (NumberBook.idOf), stamped by the reader (formats/read.ts)
   * so detectors index arrays instead of hashing strings; NO_ID until then.
   */
  callerId: number;
  calleeId: number;
  /** Seconds of conversation (talk time); 0 for an unanswered call. */
  duration: number;
  status: CallStatus;
  direction: Direction;
  /** Index of the input in the run's input list (see `InputInfo`). */
  input: number;
  /** 1-based physical line of the row in the input, or the 1-based element index for XML inputs. */
  line: number;
  /** Display name given by the source (contact name, CNAM). Untrusted text: escape before output. */
  callerName?: string;
  /** STIR/SHAKEN attestation (`A`, `B`, `C`) or verstat value when the export carries one. */
  attestation?: string;
}

/** Id of a record's number before the reader stamps it. */
export const NO_ID = -1;

export function isAnswered(r: CallRecord): boolean {
  return r.status === 'answered';
}
