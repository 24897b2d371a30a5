/**
 * Twilio call logs exported as CSV: the Console's call-log download and the Calls API resource written
 * out as CSV (`sid,date_created,...,from,to,status,start_time,end_time,duration,...,direction`).
 *
 * - One row per call leg. `Direction`: `inbound` (a call to one of the account's numbers),
 *   `outbound-api` (placed through the REST API), `outbound-dial` (a leg created by <Dial> during
 *   another call), `trunking-originating` (Elastic SIP Trunking from the PSTN into the customer's PBX:
 *   incoming) and `trunking-terminating` (from the PBX out to the PSTN: outgoing).
 * - `Status`: `completed` (connected) and `in-progress` are answered; `busy`; `no-answer` and
 *   `canceled` (the caller hung up while it rang) are missed; `failed`; `queued`/`ringing` unknown.
 * - `Start Time`: `2024-03-01 14:05:09 +0000`, ISO 8601, or the API's RFC 2822
 *   (`Fri, 01 Mar 2024 14:05:09 +0000`). Empty for calls that never started: `Date Created` is used.
 * - `Duration`: seconds of the call, empty for busy, failed and unanswered calls.
 * - `From`/`To`: E.164, or `client:alice` / `sip:...` addresses, kept as written.
 *
 * `--map` is not applied to this format (its columns are fixed); use `--format generic` to map by hand.
 */
import { UserError } from '../errors.js';
import { parseDuration } from '../records/duration.js';
import type { CallRecord, CallStatus, Direction } from '../records/record.js';
import { NO_ID } from '../records/record.js';
import type { Clock, DateOrder } from '../records/time.js';
import { detectDateOrder } from '../records/time.js';
import { AliasTable, type Column, headerSet, listColumns, normHeader } from './columns.js';
import type { RowIssue, TableFormat, TableSample } from './types.js';

type TwilioField =
  | 'start'
  | 'created'
  | 'caller'
  | 'callee'
  | 'duration'
  | 'status'
  | 'direction'
  | 'callerName';

const TABLE = new AliasTable<TwilioField>({
  start: ['starttime'],
  created: ['datecreated'],
  caller: ['from'],
  callee: ['to'],
  duration: ['duration', 'durationseconds'],
  status: ['status', 'callstatus'],
  direction: ['direction'],
  callerName: ['callername'],
});

/** Columns only Twilio exports have. */
const MARKS = [
  'sid',
  'callsid',
  'parentcallsid',
  'accountsid',
  'phonenumbersid',
  'priceunit',
  'answeredby',
  'queuetime',
  'trunksid',
  'groupsid',
  'forwardedfrom',
  'apiversion',
  'fromformatted',
  'toformatted',
];

const DIRECTIONS: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['inbound', 'in'],
  ['outbound-api', 'out'],
  ['outbound-dial', 'out'],
  ['outbound', 'out'],
  ['trunking-originating', 'in'],
  ['trunking-terminating', 'out'],
]);

const STATUSES: ReadonlyMap<string, CallStatus> = new Map<string, CallStatus>([
  ['completed', 'answered'],
  ['in-progress', 'answered'],
  ['busy', 'busy'],
  ['no-answer', 'missed'],
  ['canceled', 'missed'],
  ['cancelled', 'missed'],
  ['failed', 'failed'],
  ['queued', 'unknown'],
  ['ringing', 'unknown'],
  ['initiated', 'unknown'],
]);

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};
/** RFC 2822: `Fri, 01 Mar 2024 14:05:09 +0000`. */
const RFC2822 =
  /^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*(.*)$/;
/** US zone abbreviations the Console may print after a time. */
const ZONES: Record<string, string> = {
  UTC: 'Z',
  GMT: 'Z',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
};
const TRAILING_ZONE = /\s+([A-Z]{3})$/;

/** A Twilio timestamp -> epoch ms (NaN when unreadable). */
export function parseTwilioTime(clock: Clock, text: string, order: DateOrder): number {
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const last = text.charCodeAt(text.length - 1);
    if (last >= 65 && last <= 90) {
      const z = TRAILING_ZONE.exec(text);
      if (z !== null && ZONES[z[1]] !== undefined)
        return clock.parse(text.slice(0, z.index) + ZONES[z[1]], order);
    }
    const v = clock.parse(text, order);
    if (!Number.isNaN(v)) return v;
  }
  const m = RFC2822.exec(text);
  if (m === null) return Number.NaN;
  const mo = MONTHS[m[2].toLowerCase()];
  if (mo === undefined) return Number.NaN;
  const zone = m[5].trim();
  const offset = zone === '' ? '' : (ZONES[zone] ?? zone);
  return clock.parse(`${m[3]}-${mo}-${m[1].padStart(2, '0')} ${m[4]}${offset}`, 'ymd');
}

function sniffTwilio(sample: TableSample) {
  for (const row of sample.rows.slice(0, 5)) {
    const set = headerSet(row.fields);
    if (!set.has('from') || !set.has('to')) continue;
    if (!set.has('starttime') && !set.has('datecreated')) continue;
    if (!set.has('direction') && !set.has('status')) continue;
    let marks = 0;
    for (const m of MARKS) if (set.has(m)) marks++;
    // Without Twilio-only columns, Twilio's direction words in the data still tell.
    const dirIndex = row.fields.findIndex((f) => normHeader(f) === 'direction');
    const words =
      dirIndex >= 0 &&
      sample.rows.some(
        (r) =>
          r.line > row.line &&
          DIRECTIONS.has((r.fields[dirIndex] ?? '').trim().toLowerCase()) &&
          (r.fields[dirIndex] ?? '').includes('-'),
      );
    if (marks > 0 || words) return { score: 0.9, headerLine: row.line };
  }
  return { score: 0, headerLine: null };
}

export const twilio: TableFormat = {
  kind: 'table',
  name: 'twilio',
  title: 'Twilio call log (CSV)',
  sniff: sniffTwilio,

  open(header, samples, ctx, path) {
    const cols = header ? TABLE.match(header) : {};
    const startCol: Column | undefined = cols.start ?? cols.created;
    if (!header || !startCol || !cols.caller || !cols.callee) {
      throw new UserError(
        'NOT_CDR',
        `${path}: not a Twilio call log: ${header ? `the columns are ${listColumns(header)}` : 'no header row'}, and "Start Time", "From" and "To" are needed (try --format generic with --map).`,
      );
    }
    const createdCol = cols.start && cols.created ? cols.created : undefined;
    const values = samples.map((r) => (r[startCol.index] ?? '').trim()).filter((v) => v !== '');
    const order = detectDateOrder(values, ctx.country);
    const { clock, numbers } = ctx;
    const s = startCol.index;
    const cr = createdCol ? createdCol.index : -1;
    const f = cols.caller.index;
    const t = cols.callee.index;
    const d = cols.duration ? cols.duration.index : -1;
    const st = cols.status ? cols.status.index : -1;
    const dr = cols.direction ? cols.direction.index : -1;
    const nm = cols.callerName ? cols.callerName.index : -1;
    const minFields = 1 + Math.max(s, cr, f, t, d, st, dr, nm);
    const durName = cols.duration?.name;

    const mapping: Record<string, string> = {
      start: createdCol ? `${startCol.name}, else ${createdCol.name}` : startCol.name,
      caller: cols.caller.name,
      callee: cols.callee.name,
      duration: durName ?? '(none: 0)',
      status: cols.status ? cols.status.name : '(from duration)',
      direction: cols.direction ? cols.direction.name : '(unknown)',
    };
    if (cols.callerName) mapping.callerName = cols.callerName.name;

    const read = (fields: string[], line: number, input: number): CallRecord | RowIssue => {
      if (fields.length < minFields)
        return { reason: `only ${fields.length} fields where ${minFields} are needed` };
      let text = fields[s];
      if (text === '' && cr >= 0) text = fields[cr];
      const start = parseTwilioTime(clock, text.trim(), order);
      if (Number.isNaN(start)) {
        if (header[s] !== undefined && fields[s] === header[s])
          return { reason: 'repeated header line', skipped: true };
        return { reason: `unreadable date "${text.trim()}" in column "${startCol.name}"` };
      }
      let duration = 0;
      if (d >= 0 && fields[d] !== '') {
        duration = parseDuration(fields[d]);
        if (Number.isNaN(duration) || duration < 0) {
          return { reason: `unreadable duration "${fields[d].trim()}" in column "${durName}"` };
        }
      }
      let status: CallStatus;
      if (st >= 0) {
        const raw = fields[st];
        status = STATUSES.get(raw) ?? STATUSES.get(raw.trim().toLowerCase()) ?? 'unknown';
      } else status = duration > 0 ? 'answered' : 'missed';
      if (status !== 'answered' && status !== 'unknown') duration = 0;
      let direction: Direction = 'unknown';
      if (dr >= 0) {
        const raw = fields[dr];
        direction = DIRECTIONS.get(raw) ?? twilioDirection(raw);
      }
      const caller = numbers.canonical(fields[f]);
      const callee = numbers.canonical(fields[t]);
      if (caller === '' && callee === '') {
        return { reason: `no phone number in columns "${cols.caller?.name}" and "${cols.callee?.name}"` };
      }
      const r: CallRecord = {
        start,
        caller,
        callee,
        callerId: NO_ID,
        calleeId: NO_ID,
        duration,
        status,
        direction,
        input,
        line,
      };
      if (nm >= 0) {
        const v = fields[nm].trim();
        if (v !== '') r.callerName = v;
      }
      return r;
    };
    return { mapping, read };
  },
};

function twilioDirection(raw: string): Direction {
  const v = raw.trim().toLowerCase();
  const known = DIRECTIONS.get(v);
  if (known) return known;
  if (v.startsWith('outbound')) return 'out';
  if (v.startsWith('inbound')) return 'in';
  return 'unknown';
}
