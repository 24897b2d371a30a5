/**
 * Microsoft Teams PSTN usage reports, as the Teams admin center exports them ("Export to Excel" gives
 * a zip with `PSTN.calls.<date>.csv` and `DirectRouting.calls.<date>.csv`, RFC 4180 CSV, ISO 8601 UTC
 * times), and the same reports from Microsoft Graph (`getPstnCalls`, `getDirectRoutingCalls`) written
 * as CSV with their property names.
 *
 * Calling Plans (`PSTN.calls`): `UsageId, Call ID, Conference ID, User Location, AAD ObjectId, UPN,
 * User Display Name, Caller ID, Call Type, Number Type, Domestic/International, Destination Dialed,
 * Destination Number, Start Time, End Time, Duration Seconds, Connection Fee, Charge, Currency,
 * Capability`. `Caller ID` is the number that made the call and `Destination Number` the one that
 * received it (Graph: `callerNumber`, `calleeNumber`). Rows are connected calls; `Duration Seconds`
 * is the connected time, so a call without it reads as missed.
 *
 * Direct Routing (`DirectRouting.calls`): `CorrelationId, ..., Invite time, Start time, Failure time,
 * End time, Duration (seconds), Success, Caller Number, Callee Number, Call type, ..., Final SIP
 * code, ...`. The start of the call is the Invite time (the attempt); `Start time` is when it was
 * answered (outbound) or handed on (inbound), and `Duration (seconds)` runs from the invite, so the
 * talk time is End time - Start time, for successful calls only. Unsuccessful calls are read by their
 * final SIP code: 486/600 busy, 603 rejected, 408/480/487 missed, others failed.
 *
 * `Call Type` gives the direction: `user_in`, `conf_in`, `ucap_in`, `dr_in`, `dr_in_ucap` are
 * incoming; `user_out`, `user_out_conf`, `user_out_transfer`, `conf_out`, `dr_out_*`,
 * `dr_emergency_out` outgoing.
 *
 * `--map` is not applied to this format (its columns are fixed); use `--format generic` to map by hand.
 */
import { UserError } from '../errors.js';
import { parseDuration } from '../records/duration.js';
import type { CallRecord, CallStatus, Direction } from '../records/record.js';
import { NO_ID } from '../records/record.js';
import { AliasTable, asUtc, type Column, headerSet, listColumns } from './columns.js';
import type { RowIssue, TableFormat, TableSample } from './types.js';

type PstnField = 'start' | 'end' | 'duration' | 'caller' | 'callee' | 'callType';
type DrField =
  | 'invite'
  | 'connect'
  | 'end'
  | 'failure'
  | 'success'
  | 'sipCode'
  | 'caller'
  | 'callee'
  | 'callType';

const PSTN = new AliasTable<PstnField>({
  start: ['starttime', 'startdatetime', 'timestamp'],
  end: ['endtime', 'enddatetime'],
  duration: ['durationseconds', 'duration'],
  caller: ['callerid', 'callernumber', 'calledfrom'],
  callee: ['destinationnumber', 'calleenumber', 'calledto'],
  callType: ['calltype'],
});

const DR = new AliasTable<DrField>({
  invite: ['invitetime', 'invitedatetime'],
  connect: ['starttime', 'startdatetime'],
  end: ['endtime', 'enddatetime'],
  failure: ['failuretime', 'failuredatetime'],
  success: ['success', 'successfulcall'],
  sipCode: ['finalsipcode'],
  caller: ['callernumber'],
  callee: ['calleenumber'],
  callType: ['calltype'],
});

type Variant = 'pstn' | 'dr';

function variantOf(set: ReadonlySet<string>): Variant | null {
  const has = (k: string): boolean => set.has(k);
  if (
    has('callernumber') &&
    has('calleenumber') &&
    (has('finalsipcode') ||
      has('invitetime') ||
      has('invitedatetime') ||
      has('sbcfqdn') ||
      has('correlationid'))
  ) {
    return 'dr';
  }
  if (!has('calltype')) return null;
  if (has('usageid') && (has('destinationnumber') || has('callerid'))) return 'pstn';
  if (has('callid') && has('conferenceid') && has('destinationnumber') && has('callerid')) return 'pstn';
  if (
    has('callernumber') &&
    has('calleenumber') &&
    (has('licensecapability') || has('destinationcontext') || has('usagecountrycode') || has('conferenceid'))
  ) {
    return 'pstn';
  }
  return null;
}

function sniffTeams(sample: TableSample) {
  for (const row of sample.rows.slice(0, 5)) {
    if (variantOf(headerSet(row.fields)) !== null) return { score: 0.9, headerLine: row.line };
  }
  return { score: 0, headerLine: null };
}

/** Direction of a Teams call type: an `in` word is incoming, an `out` word outgoing. */
export function teamsDirection(callType: string): Direction {
  const parts = callType.trim().toLowerCase().split('_');
  if (parts.includes('in')) return 'in';
  if (parts.includes('out')) return 'out';
  return 'unknown';
}

/** Status of an unsuccessful Direct Routing call from its final SIP code. */
export function sipStatus(code: number): CallStatus {
  if (code >= 200 && code < 300) return 'answered';
  if (code === 486 || code === 600) return 'busy';
  if (code === 603) return 'rejected';
  if (code === 408 || code === 480 || code === 487) return 'missed';
  if (code >= 300) return 'failed';
  return 'unknown';
}

export const teams: TableFormat = {
  kind: 'table',
  name: 'teams',
  title: 'Microsoft Teams PSTN usage report (CSV)',
  sniff: sniffTeams,

  open(header, _samples, ctx, path) {
    const variant = header ? variantOf(headerSet(header)) : null;
    if (!header || variant === null) {
      throw new UserError(
        'NOT_CDR',
        `${path}: not a Teams PSTN usage report: ${header ? `the columns are ${listColumns(header)}` : 'no header row'} (try --format generic with --map).`,
      );
    }
    const { clock, numbers } = ctx;
    const directions = new Map<string, Direction>();
    const directionOf = (raw: string): Direction => {
      let d = directions.get(raw);
      if (d === undefined) {
        d = teamsDirection(raw);
        directions.set(raw, d);
      }
      return d;
    };
    const need = (c: Column | undefined, what: string): Column => {
      if (c) return c;
      throw new UserError(
        'NOT_CDR',
        `${path}: Teams usage report without a "${what}" column (columns: ${listColumns(header)}).`,
      );
    };
    // Times are ISO 8601 with an offset or Z; a time written without one is UTC, as the report says.
    const parseUtc = (text: string): number => clock.parse(asUtc(text), 'ymd');

    if (variant === 'pstn') {
      const cols = PSTN.match(header);
      const startCol = need(cols.start, 'Start Time');
      const callerCol = need(cols.caller, 'Caller ID');
      const calleeCol = need(cols.callee, 'Destination Number');
      const s = startCol.index;
      const c = callerCol.index;
      const e = calleeCol.index;
      const d = cols.duration ? cols.duration.index : -1;
      const ty = cols.callType ? cols.callType.index : -1;
      const minFields = 1 + Math.max(s, c, e, d, ty);
      const mapping: Record<string, string> = {
        start: `${startCol.name} (UTC)`,
        caller: callerCol.name,
        callee: calleeCol.name,
        duration: cols.duration ? cols.duration.name : '(none: 0)',
        status: '(from duration)',
        direction: cols.callType ? cols.callType.name : '(unknown)',
      };
      const read = (fields: string[], line: number, input: number): CallRecord | RowIssue => {
        if (fields.length < minFields)
          return { reason: `only ${fields.length} fields where ${minFields} are needed` };
        const start = parseUtc(fields[s]);
        if (Number.isNaN(start))
          return { reason: `unreadable date "${fields[s].trim()}" in column "${startCol.name}"` };
        let duration = 0;
        if (d >= 0 && fields[d].trim() !== '') {
          duration = parseDuration(fields[d]);
          if (Number.isNaN(duration) || duration < 0) {
            return { reason: `unreadable duration "${fields[d].trim()}" in column "${cols.duration?.name}"` };
          }
        }
        const caller = numbers.canonical(fields[c]);
        const callee = numbers.canonical(fields[e]);
        if (caller === '' && callee === '') {
          return { reason: `no phone number in columns "${callerCol.name}" and "${calleeCol.name}"` };
        }
        return {
          start,
          caller,
          callee,
          callerId: NO_ID,
          calleeId: NO_ID,
          duration,
          status: duration > 0 ? 'answered' : 'missed',
          direction: ty >= 0 ? directionOf(fields[ty]) : 'unknown',
          input,
          line,
        };
      };
      return { mapping, read };
    }

    const cols = DR.match(header);
    const startCol = need(cols.invite ?? cols.connect, 'Invite time');
    const callerCol = need(cols.caller, 'Caller Number');
    const calleeCol = need(cols.callee, 'Callee Number');
    const s = startCol.index;
    const cn = cols.invite && cols.connect ? cols.connect.index : -1;
    const en = cols.end ? cols.end.index : -1;
    const su = cols.success ? cols.success.index : -1;
    const sip = cols.sipCode ? cols.sipCode.index : -1;
    const c = callerCol.index;
    const e = calleeCol.index;
    const ty = cols.callType ? cols.callType.index : -1;
    const minFields = 1 + Math.max(s, cn, en, su, sip, c, e, ty);
    const mapping: Record<string, string> = {
      start: `${startCol.name} (UTC)`,
      caller: callerCol.name,
      callee: calleeCol.name,
      duration:
        cn >= 0 && en >= 0 ? `${cols.end?.name} - ${cols.connect?.name} (successful calls)` : '(none: 0)',
      status: `${cols.success ? cols.success.name : '(success unknown)'}, else ${cols.sipCode ? cols.sipCode.name : '(no SIP code)'}`,
      direction: cols.callType ? cols.callType.name : '(unknown)',
    };
    const read = (fields: string[], line: number, input: number): CallRecord | RowIssue => {
      if (fields.length < minFields)
        return { reason: `only ${fields.length} fields where ${minFields} are needed` };
      let text = fields[s];
      if (text.trim() === '' && cn >= 0) text = fields[cn];
      const start = parseUtc(text);
      if (Number.isNaN(start))
        return { reason: `unreadable date "${text.trim()}" in column "${startCol.name}"` };
      let status: CallStatus;
      const ok = su >= 0 ? fields[su].trim().toLowerCase() : '';
      if (ok === 'yes' || ok === 'true') status = 'answered';
      else if (sip >= 0 && fields[sip].trim() !== '') status = sipStatus(+fields[sip]);
      else status = ok === 'no' || ok === 'false' ? 'failed' : 'unknown';
      let duration = 0;
      if (status === 'answered' && cn >= 0 && en >= 0 && fields[en].trim() !== '') {
        const from = parseUtc(fields[cn]);
        const to = parseUtc(fields[en]);
        if (Number.isNaN(to) || Number.isNaN(from)) {
          return { reason: `unreadable time "${fields[en].trim()}" in column "${cols.end?.name}"` };
        }
        duration = to > from ? Math.round((to - from) / 1000) : 0;
      }
      const caller = numbers.canonical(fields[c]);
      const callee = numbers.canonical(fields[e]);
      if (caller === '' && callee === '') {
        return { reason: `no phone number in columns "${callerCol.name}" and "${calleeCol.name}"` };
      }
      return {
        start,
        caller,
        callee,
        callerId: NO_ID,
        calleeId: NO_ID,
        duration,
        status,
        direction: ty >= 0 ? directionOf(fields[ty]) : 'unknown',
        input,
        line,
      };
    };
    return { mapping, read };
  },
};
