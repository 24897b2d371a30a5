/**
 * Asterisk Master.csv: the call-detail records Asterisk writes to /var/log/asterisk/cdr-csv/ (cdr_csv)
 * or cdr-custom/ (cdr_custom). No header row; the column order is fixed by the module:
 *
 * cdr_csv (cdr/cdr_csv.c, build_csv_record), 16 to 21 columns:
 *   1 accountcode, 2 src, 3 dst, 4 dcontext, 5 clid, 6 channel, 7 dstchannel, 8 lastapp, 9 lastdata,
 *   10 start, 11 answer, 12 end, 13 duration, 14 billsec, 15 disposition, 16 amaflags,
 *   then uniqueid (loguniqueid=yes), userfield (loguserfield=yes), and peeraccount, linkedid,
 *   sequence (newcdrcolumns=yes): 16, 17, 18, 19, 20 or 21 columns. Columns 1-15 never move.
 * cdr_custom with the legacy mapping of cdr_custom.conf.sample, 19 columns (extra custom columns after
 *   `sequence` are allowed):
 *   1 clid, 2 src, 3 dst, 4 dcontext, 5 channel, 6 dstchannel, 7 lastapp, 8 lastdata, 9 start,
 *   10 answer, 11 end, 12 duration, 13 billsec, 14 disposition, 15 amaflags, 16 accountcode,
 *   17 uniqueid, 18 userfield, 19 sequence.
 *
 * Reading:
 * - start is the local wall-clock time of the PBX, without offset (`%Y-%m-%d %T`): read in the run's
 *   zone. (A PBX with `usegmtime=yes` writes UTC: run with --tz UTC.)
 * - duration = billsec (talk time); Asterisk's `duration` (ring + talk) is ignored.
 * - status from the disposition (ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION). FreeSWITCH's
 *   "asterisk" template writes the same columns with a hangup cause instead: read with its table.
 * - caller = src, or the number inside clid (`"name" <num>`) when src is empty; callerName = the
 *   clid name when it is not just the number again; callee = dst.
 * - direction from the shape of the numbers (extension or external), see `pbxDirection`.
 * Asterisk writes one row per channel pair, so a forked or queued call gives several rows: every row
 * is kept (each is a leg that rang or talked).
 */
import { UserError } from '../errors.js';
import {
  asteriskStatus,
  FREESWITCH_CAUSES,
  freeswitchStatus,
  isOutcomeWord,
  pbxDirection,
} from '../records/causes.js';
import type { CallRecord, CallStatus } from '../records/record.js';
import { NO_ID } from '../records/record.js';
import { type DateOrder, detectDateOrder } from '../records/time.js';
import type { FormatContext, RowIssue, RowReader, TableFormat, TableSample } from './types.js';

interface Layout {
  name: 'cdr_csv' | 'cdr_custom';
  minColumns: number;
  maxColumns: number;
  /** 0-based column indexes. */
  clid: number;
  src: number;
  dst: number;
  start: number;
  answer: number;
  billsec: number;
  disposition: number;
}

const CDR_CSV: Layout = {
  name: 'cdr_csv',
  minColumns: 16,
  maxColumns: 21,
  clid: 4,
  src: 1,
  dst: 2,
  start: 9,
  answer: 10,
  billsec: 13,
  disposition: 14,
};

const CDR_CUSTOM: Layout = {
  name: 'cdr_custom',
  minColumns: 18,
  maxColumns: 30,
  clid: 0,
  src: 1,
  dst: 2,
  start: 8,
  answer: 9,
  billsec: 12,
  disposition: 13,
};

const LAYOUTS = [CDR_CSV, CDR_CUSTOM] as const;

/** A date and a time as a PBX (or a spreadsheet that re-saved its file) writes them. */
const TIMESTAMP_SHAPE = /^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}[ T]+\d{1,2}:\d{2}/;

/** True when a row has the columns of `layout`: a start time and an outcome word where they belong. */
function fits(fields: readonly string[], layout: Layout): boolean {
  const n = fields.length;
  if (n < layout.minColumns || n > layout.maxColumns) return false;
  return isOutcomeWord(fields[layout.disposition]) && TIMESTAMP_SHAPE.test(fields[layout.start]);
}

/** The layout most sample rows fit, with the count of rows that fit it. */
function voteLayout(rows: readonly (readonly string[])[]): { layout: Layout | null; fit: number } {
  let layout: Layout | null = null;
  let fit = 0;
  for (const candidate of LAYOUTS) {
    let n = 0;
    for (const fields of rows) if (fits(fields, candidate)) n++;
    if (n > fit) {
      fit = n;
      layout = candidate;
    }
  }
  return { layout, fit };
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

function sniff(sample: TableSample): { score: number; headerLine: null } {
  const rows = sample.rows.map((r) => r.fields).filter((f) => !isBlank(f));
  if (rows.length === 0) return { score: 0, headerLine: null };
  const { fit } = voteLayout(rows);
  const share = fit / rows.length;
  return { score: share >= 0.6 ? 0.9 : share * 0.5, headerLine: null };
}

/** The name part of a caller id `"name" <number>` (quotes removed); the whole text when it has no `<`. */
export function clidName(clid: string): string {
  const lt = clid.lastIndexOf('<');
  let name = (lt >= 0 ? clid.slice(0, lt) : clid).trim();
  if (name.length >= 2 && name.charCodeAt(0) === 34 && name.charCodeAt(name.length - 1) === 34) {
    name = name.slice(1, -1).trim();
  }
  return name;
}

/** The number part of a caller id `"name" <number>`; the whole text when it has no `<`. */
export function clidNumber(clid: string): string {
  const lt = clid.lastIndexOf('<');
  if (lt < 0) return clid.trim();
  const gt = clid.indexOf('>', lt);
  return clid.slice(lt + 1, gt < 0 ? clid.length : gt).trim();
}

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function open(_header: string[] | null, samples: string[][], ctx: FormatContext, path: string): RowReader {
  const rows = samples.filter((f) => !isBlank(f));
  const { layout } = voteLayout(rows);
  if (layout === null) {
    throw new UserError(
      'NOT_CDR',
      `${path}: not an Asterisk Master.csv: no row among the first ${rows.length} has a start time in column 10 ` +
        'and a disposition in column 15 (cdr_csv, 16-21 columns), or in columns 9 and 14 (cdr_custom, 19 columns)',
    );
  }
  const { minColumns, maxColumns } = layout;
  const iClid = layout.clid;
  const iSrc = layout.src;
  const iDst = layout.dst;
  const iStart = layout.start;
  const iAnswer = layout.answer;
  const iBillsec = layout.billsec;
  const iDisposition = layout.disposition;
  const order: DateOrder = detectDateOrder(
    rows.filter((f) => fits(f, layout)).map((f) => f[iStart]),
    ctx.country,
  );
  const { numbers, clock } = ctx;
  const columns = minColumns === maxColumns ? `${minColumns}` : `${minColumns} to ${maxColumns}`;

  return {
    mapping: {
      start: `#${iStart + 1} start`,
      caller: `#${iSrc + 1} src (else the number in #${iClid + 1} clid)`,
      callee: `#${iDst + 1} dst`,
      duration: `#${iBillsec + 1} billsec`,
      status: `#${iDisposition + 1} disposition`,
      direction: 'extension or external number (PBX export)',
      callerName: `#${iClid + 1} clid (name part)`,
    },
    read(fields: string[], line: number, input: number): CallRecord | RowIssue {
      const n = fields.length;
      if (n < minColumns || n > maxColumns) {
        return { reason: `expected ${columns} columns (Asterisk ${layout.name}), found ${n}` };
      }
      const startText = fields[iStart];
      const start = clock.parse(startText, order);
      if (Number.isNaN(start)) return { reason: `bad start time ${shown(startText)}` };
      const billText = fields[iBillsec];
      const billsec = billText === '' ? Number.NaN : +billText;
      if (!(billsec >= 0)) return { reason: `bad billsec ${shown(billText)}` };
      const disposition = fields[iDisposition];
      let status: CallStatus | undefined = asteriskStatus(disposition);
      if (status === undefined) {
        if (!FREESWITCH_CAUSES.has(disposition))
          return { reason: `unknown disposition ${shown(disposition)}` };
        status = freeswitchStatus(disposition, billsec > 0 || fields[iAnswer] !== '');
      }
      const src = fields[iSrc];
      const clid = fields[iClid];
      const callerRaw = src !== '' ? src : clidNumber(clid);
      const caller = numbers.canonical(callerRaw);
      const callee = numbers.canonical(fields[iDst]);
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
      const name = clidName(clid);
      if (name !== '' && name !== callerRaw && name !== src) record.callerName = name;
      return record;
    },
  };
}

export const asterisk: TableFormat = {
  kind: 'table',
  name: 'asterisk',
  title: 'Asterisk CDR (Master.csv, cdr_csv or cdr_custom)',
  sniff,
  open,
};
