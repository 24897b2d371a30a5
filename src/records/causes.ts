/**
 * What PBX call-detail fields say about a call: outcome words and codes (Asterisk dispositions,
 * FreeSWITCH hangup-cause names, ITU-T Q.850 cause values as Cisco CUCM writes them) -> CallStatus,
 * and the direction of a call between two numbers of a PBX export, which names no subscriber.
 *
 * One rule holds for every PBX: a call that was connected (talk time, an answer time) is `answered`,
 * whatever cause ended it. The cause says how the call ENDED, not whether it was taken: FreeSWITCH
 * writes RECOVERY_ON_TIMER_EXPIRE (a SIP timer ran out, e.g. a lost BYE or a failed session refresh)
 * on calls that were up for minutes, and an answered A-leg carries the cause of a later failed bridge
 * (USER_BUSY after an IVR answered). Only for calls that were never connected does the cause decide
 * between missed, busy, rejected, blocked and failed.
 *
 * All tables are Maps built once; a row costs one lookup.
 */
import { type CallStatus, type Direction, WITHHELD } from './record.js';

/** Asterisk `disposition` (cdr_csv, cdr_custom) -> status. */
export const ASTERISK_DISPOSITIONS: ReadonlyMap<string, CallStatus> = new Map<string, CallStatus>([
  ['ANSWERED', 'answered'],
  ['NO ANSWER', 'missed'],
  ['BUSY', 'busy'],
  ['FAILED', 'failed'],
  // Asterisk 12+: the far end signalled congestion (all circuits busy); the call never rang.
  ['CONGESTION', 'failed'],
  // AST_CDR_NULL in some versions: a CDR with no outcome recorded.
  ['NULL', 'unknown'],
]);

/**
 * FreeSWITCH hangup-cause names (switch_types.h, `switch_call_cause_t`) -> status of a call that was
 * NOT connected. Names absent from this table (future additions) read as `unknown`.
 */
export const FREESWITCH_CAUSES: ReadonlyMap<string, CallStatus> = new Map<string, CallStatus>([
  ['NONE', 'unknown'],
  ['UNALLOCATED_NUMBER', 'failed'],
  ['NO_ROUTE_TRANSIT_NET', 'failed'],
  ['NO_ROUTE_DESTINATION', 'failed'],
  ['CHANNEL_UNACCEPTABLE', 'failed'],
  ['CALL_AWARDED_DELIVERED', 'unknown'],
  // Normal clearing before answer: the caller hung up while it rang.
  ['NORMAL_CLEARING', 'missed'],
  ['USER_BUSY', 'busy'],
  ['NO_USER_RESPONSE', 'missed'],
  ['NO_ANSWER', 'missed'],
  ['SUBSCRIBER_ABSENT', 'failed'],
  ['CALL_REJECTED', 'rejected'],
  ['NUMBER_CHANGED', 'failed'],
  ['REDIRECTION_TO_NEW_DESTINATION', 'unknown'],
  ['EXCHANGE_ROUTING_ERROR', 'failed'],
  ['DESTINATION_OUT_OF_ORDER', 'failed'],
  ['INVALID_NUMBER_FORMAT', 'failed'],
  ['FACILITY_REJECTED', 'failed'],
  ['RESPONSE_TO_STATUS_ENQUIRY', 'unknown'],
  ['NORMAL_UNSPECIFIED', 'missed'],
  ['NORMAL_CIRCUIT_CONGESTION', 'failed'],
  ['NETWORK_OUT_OF_ORDER', 'failed'],
  ['NORMAL_TEMPORARY_FAILURE', 'failed'],
  ['SWITCH_CONGESTION', 'failed'],
  ['ACCESS_INFO_DISCARDED', 'failed'],
  ['REQUESTED_CHAN_UNAVAIL', 'failed'],
  ['PRE_EMPTED', 'failed'],
  ['FACILITY_NOT_SUBSCRIBED', 'failed'],
  ['OUTGOING_CALL_BARRED', 'blocked'],
  ['INCOMING_CALL_BARRED', 'blocked'],
  ['BEARERCAPABILITY_NOTAUTH', 'failed'],
  ['BEARERCAPABILITY_NOTAVAIL', 'failed'],
  ['SERVICE_UNAVAILABLE', 'failed'],
  ['BEARERCAPABILITY_NOTIMPL', 'failed'],
  ['CHAN_NOT_IMPLEMENTED', 'failed'],
  ['FACILITY_NOT_IMPLEMENTED', 'failed'],
  ['SERVICE_NOT_IMPLEMENTED', 'failed'],
  ['INVALID_CALL_REFERENCE', 'failed'],
  ['INCOMPATIBLE_DESTINATION', 'failed'],
  ['INVALID_MSG_UNSPECIFIED', 'failed'],
  ['MANDATORY_IE_MISSING', 'failed'],
  ['MESSAGE_TYPE_NONEXIST', 'failed'],
  ['WRONG_MESSAGE', 'failed'],
  ['IE_NONEXIST', 'failed'],
  ['INVALID_IE_CONTENTS', 'failed'],
  ['WRONG_CALL_STATE', 'failed'],
  // Before answer: the far end never answered the INVITE in time (SIP timer B/F).
  ['RECOVERY_ON_TIMER_EXPIRE', 'failed'],
  ['MANDATORY_IE_LENGTH_ERROR', 'failed'],
  ['PROTOCOL_ERROR', 'failed'],
  ['INTERWORKING', 'failed'],
  ['SUCCESS', 'unknown'],
  // SIP 487: the caller cancelled while it rang.
  ['ORIGINATOR_CANCEL', 'missed'],
  ['CRASH', 'failed'],
  ['SYSTEM_SHUTDOWN', 'failed'],
  // Another leg of a ring group answered first; this leg rang and was not taken.
  ['LOSE_RACE', 'missed'],
  ['MANAGER_REQUEST', 'unknown'],
  ['BLIND_TRANSFER', 'unknown'],
  ['ATTENDED_TRANSFER', 'unknown'],
  // The leg's ring time limit (leg_timeout / call_timeout) ran out.
  ['ALLOTTED_TIMEOUT', 'missed'],
  ['USER_CHALLENGE', 'unknown'],
  ['MEDIA_TIMEOUT', 'failed'],
  // Picked up from another phone (call pickup): this leg rang and was not taken.
  ['PICKED_OFF', 'missed'],
  ['USER_NOT_REGISTERED', 'failed'],
  ['PROGRESS_TIMEOUT', 'failed'],
  ['INVALID_GATEWAY', 'failed'],
  ['GATEWAY_DOWN', 'failed'],
  ['INVALID_URL', 'failed'],
  ['INVALID_PROFILE', 'failed'],
  ['NO_PICKUP', 'missed'],
  ['SRTP_READ_ERROR', 'failed'],
  ['BOWOUT', 'unknown'],
  ['BUSY_EVERYWHERE', 'busy'],
  ['DECLINE', 'rejected'],
  ['DOES_NOT_EXIST_ANYWHERE', 'failed'],
  ['NOT_ACCEPTABLE', 'failed'],
  ['UNWANTED', 'rejected'],
  ['NO_IDENTITY', 'failed'],
  ['BAD_IDENTITY_INFO', 'failed'],
  ['UNSUPPORTED_CERTIFICATE', 'failed'],
  ['INVALID_IDENTITY', 'failed'],
  ['STALE_DATE', 'failed'],
  ['REJECT_ALL', 'rejected'],
]);

/**
 * Q.850 cause values whose meaning for a call that was NOT connected is not plain failure. Every other
 * value of 1-127 (no route, out of order, congestion, protocol errors...) is `failed`; 0 (no cause)
 * and values above 127 (Cisco-specific codes such as 393216 "call split") are `unknown`.
 */
const Q850_NOT_FAILED: ReadonlyMap<number, CallStatus> = new Map<number, CallStatus>([
  [7, 'unknown'], // call awarded, delivered in an established channel
  [16, 'missed'], // normal clearing before answer: the caller hung up while it rang
  [17, 'busy'],
  [18, 'missed'], // no user responding
  [19, 'missed'], // no answer from user (user alerted)
  [21, 'rejected'],
  [23, 'unknown'], // redirection to a new destination
  [26, 'missed'], // non-selected user clearing: another phone of the group answered
  [30, 'unknown'], // response to STATUS ENQUIRY
  [31, 'missed'], // normal, unspecified
  [52, 'blocked'], // outgoing calls barred
  [53, 'blocked'], // outgoing calls barred within CUG
  [54, 'blocked'], // incoming calls barred
  [55, 'blocked'], // incoming calls barred within CUG
]);

/** Status from an Asterisk disposition word; `undefined` when the word is not a disposition. */
export function asteriskStatus(disposition: string): CallStatus | undefined {
  return ASTERISK_DISPOSITIONS.get(disposition);
}

/**
 * Status from a FreeSWITCH hangup cause (a name, or a Q.850 number as `${hangup_cause_q850}` writes
 * it). `connected`: the call had talk time or an answer time.
 */
export function freeswitchStatus(cause: string, connected: boolean): CallStatus {
  if (connected) return 'answered';
  const status = FREESWITCH_CAUSES.get(cause);
  if (status !== undefined) return status;
  const code = cause === '' ? Number.NaN : +cause;
  return Number.isInteger(code) ? q850Status(code, false) : 'unknown';
}

/** Status from a Q.850 cause value. `connected`: the call was answered (CUCM: dateTimeConnect != 0). */
export function q850Status(cause: number, connected: boolean): CallStatus {
  if (connected) return 'answered';
  const status = Q850_NOT_FAILED.get(cause);
  if (status !== undefined) return status;
  return cause >= 1 && cause <= 127 ? 'failed' : 'unknown';
}

/** True for words that are a known outcome: an Asterisk disposition or a FreeSWITCH cause name. */
export function isOutcomeWord(text: string): boolean {
  return ASTERISK_DISPOSITIONS.has(text) || FREESWITCH_CAUSES.has(text);
}

/**
 * Emergency numbers: short like an extension, but always outside the PBX. Only the widely used ones;
 * a two- or three-digit internal extension that collides with a national service number elsewhere
 * (101, 15...) stays an extension unless listed here.
 */
const EMERGENCY = new Set(['112', '911', '999', '000', '110', '119', '15', '17', '18']);

/** Longest digit string taken as a PBX extension (same bound as NumberBook's short codes). */
const MAX_EXTENSION_DIGITS = 6;

/** A SIP endpoint or dialplan extension name: `client1`, `alice`, `ch1`, `s` (no spaces, no `@`). */
const ENDPOINT_NAME = /^[A-Za-z][\w.-]{0,31}$/;

export type NumberSide = 'extension' | 'external' | 'other';

/**
 * Where a canonical number sits for a PBX: an `extension` (1-6 digits, or an endpoint name), an
 * `external` number (E.164, any `+` number, 7+ digits, withheld, an emergency number) or `other`
 * (empty, bridge strings such as `&`, text the export put there).
 */
export function numberSide(canonical: string): NumberSide {
  const n = canonical.length;
  if (n === 0) return 'other';
  if (canonical === WITHHELD) return 'external';
  const first = canonical.charCodeAt(0);
  if (first === 43 /* + */) return 'external';
  if (first >= 48 && first <= 57) {
    for (let i = 1; i < n; i++) {
      const c = canonical.charCodeAt(i);
      if (c < 48 || c > 57) return 'other';
    }
    if (n > MAX_EXTENSION_DIGITS || EMERGENCY.has(canonical)) return 'external';
    return 'extension';
  }
  return ENDPOINT_NAME.test(canonical) ? 'extension' : 'other';
}

/**
 * Direction of a call in a PBX export, which carries no owner: `internal` between two extensions,
 * `in` from an external number to an extension, `out` from an extension to an external number,
 * `unknown` otherwise (trunk to trunk, empty or unreadable numbers).
 */
export function pbxDirection(caller: string, callee: string): Direction {
  const from = numberSide(caller);
  const to = numberSide(callee);
  if (from === 'extension') {
    if (to === 'extension') return 'internal';
    if (to === 'external') return 'out';
    return 'unknown';
  }
  if (from === 'external' && to === 'extension') return 'in';
  return 'unknown';
}
