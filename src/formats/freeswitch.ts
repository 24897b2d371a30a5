/**
 * FreeSWITCH mod_cdr_csv: Master.csv (or <account>.csv) written with one of the templates of
 * autoload_configs/cdr_csv.conf.xml. No header row. Three stock templates share their first columns:
 *
 *   1 caller_id_name, 2 caller_id_number, 3 destination_number, 4 context, 5 start_stamp,
 *   6 answer_stamp, 7 end_stamp, 8 duration, 9 billsec, 10 hangup_cause, 11 uuid, 12 bleg_uuid,
 *   13 accountcode
 * - "example" (the default template) adds 14 read_codec, 15 write_codec: 15 columns;
 * - "snom" adds read/write codecs, sip_user_agent, call_clientcode, RTP stats, record file: 20 columns;
 * - "sql" wraps the 13 columns in `INSERT INTO cdr VALUES ("...",...);`: the first field then starts
 *   with `INSERT INTO cdr VALUES ("`, which is removed from the caller name.
 * (The "asterisk" template writes Asterisk's column order and is read by the asterisk format.)
 *
 * Reading:
 * - start_stamp is the local wall-clock time of the switch, without offset: read in the run's zone.
 *   Files re-saved by a spreadsheet (`2020/2/10 22:41`, seconds lost) read the same way; the date
 *   order of `a/b/yyyy` dates is detected from the first rows.
 * - duration = billsec (talk time); `duration` (ring + talk) is ignored.
 * - status: a call with talk time (billsec > 0) or an answer_stamp is `answered`, whatever cause ended
 *   it (see src/records/causes.ts: RECOVERY_ON_TIMER_EXPIRE after 32 s of talk is a call that took
 *   place and then lost its signalling); otherwise the hangup cause decides.
 * - caller = caller_id_number, callerName = caller_id_name unless it only repeats the number,
 *   callee = destination_number (kept raw when it is not a number, e.g. `&` for an originate bridge).
 * With legs="ab" every call gives an A-leg and a B-leg row; duplicated rows are all kept.
 */
import { UserError } from '../errors.js';
import { FREESWITCH_CAUSES, freeswitchStatus, pbxDirection } from '../records/causes.js';
import type { CallRecord } from '../records/record.js';
import { NO_ID } from '../records/record.js';
import { type DateOrder, detectDateOrder } from '../records/time.js';
import type { FormatContext, RowIssue, RowReader, TableFormat, TableSample } from './types.js';

const NAME = 0;
const NUMBER = 1;
const DESTINATION = 2;
const START = 4;
const ANSWER = 5;
const BILLSEC = 8;
const CAUSE = 9;
const UUID = 10;

/** Fewest columns of a stock template ("sql") and most a custom template is read with. */
const MIN_COLUMNS = 13;
const MAX_COLUMNS = 40;

const SQL_PREFIX = 'INSERT INTO';

const UUID_SHAPE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A date and a time as FreeSWITCH (or a spreadsheet that re-saved its file) writes them. */
const TIMESTAMP_SHAPE = /^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}[ T]+\d{1,2}:\d{2}/;
/** An upper-case cause name not (yet) in the table, or a Q.850 number. */
const CAUSE_SHAPE = /^(?:[A-Z][A-Z0-9_]{2,}|\d{1,3})$/;

function fits(fields: readonly string[]): boolean {
  const n = fields.length;
  if (n < MIN_COLUMNS || n > MAX_COLUMNS) return false;
  const cause = fields[CAUSE];
  return (
    UUID_SHAPE.test(fields[UUID]) &&
    (FREESWITCH_CAUSES.has(cause) || CAUSE_SHAPE.test(cause)) &&
    TIMESTAMP_SHAPE.test(fields[START])
  );
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

function sniff(sample: TableSample): { score: number; headerLine: null } {
  const rows = sample.rows.map((r) => r.fields).filter((f) => !isBlank(f));
  if (rows.length === 0) return { score: 0, headerLine: null };
  let fit = 0;
  for (const fields of rows) if (fits(fields)) fit++;
  const share = fit / rows.length;
  return { score: share >= 0.6 ? 0.9 : share * 0.5, headerLine: null };
}

/** True for a `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` string (checked without a regex, per row). */
function looksLikeUuid(text: string): boolean {
  return (
    text.length === 36 &&
    text.charCodeAt(8) === 45 &&
    text.charCodeAt(13) === 45 &&
    text.charCodeAt(18) === 45 &&
    text.charCodeAt(23) === 45
  );
}

/** Caller name of the "sql" template: `INSERT INTO cdr VALUES ("Alice"` -> `Alice`. */
function sqlName(field: string): string {
  const open = field.indexOf('("');
  if (open < 0) return field;
  const end = field.endsWith('"') ? field.length - 1 : field.length;
  return field.slice(open + 2, Math.max(open + 2, end));
}

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      bestCount = c;
      best = v;
    }
  }
  return best;
}

function open(_header: string[] | null, samples: string[][], ctx: FormatContext, path: string): RowReader {
  const rows = samples.filter((f) => !isBlank(f) && fits(f));
  if (rows.length === 0) {
    throw new UserError(
      'NOT_CDR',
      `${path}: not a FreeSWITCH mod_cdr_csv file: no row among the first ${samples.length} has a start_stamp ` +
        'in column 5, a hangup cause in column 10 and a call UUID in column 11',
    );
  }
  const columns = mode(rows.map((f) => f.length));
  const sql = rows[0][NAME].startsWith(SQL_PREFIX);
  const template = sql ? 'sql' : columns === 15 ? 'example' : columns === 20 ? 'snom' : 'custom';
  const order: DateOrder = detectDateOrder(
    rows.map((f) => f[START]),
    ctx.country,
  );
  const { numbers, clock } = ctx;

  return {
    mapping: {
      start: `#${START + 1} start_stamp`,
      caller: `#${NUMBER + 1} caller_id_number`,
      callee: `#${DESTINATION + 1} destination_number`,
      duration: `#${BILLSEC + 1} billsec`,
      status: `#${CAUSE + 1} hangup_cause (answered when billsec > 0 or #${ANSWER + 1} answer_stamp is set)`,
      direction: 'extension or external number (PBX export)',
      callerName: `#${NAME + 1} caller_id_name`,
    },
    read(fields: string[], line: number, input: number): CallRecord | RowIssue {
      const n = fields.length;
      if (n !== columns) {
        return { reason: `expected ${columns} columns (mod_cdr_csv "${template}" template), found ${n}` };
      }
      const uuid = fields[UUID];
      if (!looksLikeUuid(uuid))
        return { reason: `no call UUID in column ${UUID + 1} (found ${shown(uuid)})` };
      const startText = fields[START];
      const start = clock.parse(startText, order);
      if (Number.isNaN(start)) return { reason: `bad start_stamp ${shown(startText)}` };
      const billText = fields[BILLSEC];
      const billsec = billText === '' ? Number.NaN : +billText;
      if (!(billsec >= 0)) return { reason: `bad billsec ${shown(billText)}` };
      const status = freeswitchStatus(fields[CAUSE], billsec > 0 || fields[ANSWER] !== '');
      const numberRaw = fields[NUMBER];
      const caller = numbers.canonical(numberRaw);
      const callee = numbers.canonical(fields[DESTINATION]);
      const record: CallRecord = {
        start,
        caller,
        callee,
        callerId: NO_ID,
        calleeId: NO_ID,
        duration: billsec,
        status,
        direction: pbxDirection(caller, callee),
        input,
        line,
      };
      const name = sql ? sqlName(fields[NAME]) : fields[NAME];
      if (name !== '' && name !== numberRaw) record.callerName = name;
      return record;
    },
  };
}

export const freeswitch: TableFormat = {
  kind: 'table',
  name: 'freeswitch',
  title: 'FreeSWITCH mod_cdr_csv (Master.csv)',
  sniff,
  open,
};
