/**
 * Cisco Unified Communications Manager (CUCM) CDR flat files, as the CDR Repository Manager writes them
 * (cdr_<cluster>_<node>_<date>_<seq>) or as CDR Analysis and Reporting exports them: a header row of
 * field names (cdrRecordType, globalCallID_callManagerId, ...; 94 to 130+ columns by release), then,
 * in native files, a row of column types (INTEGER, VARCHAR(50), ...) which is skipped. Strings are
 * quoted and integers are not in native files; copies often have no quotes at all: both read the same.
 *
 * Reading (columns found by name, once):
 * - cdrRecordType 1 is a call (CDR); 2 is a CMR (call quality data of one leg, not a call) and 0 a start
 *   record: both are skipped with a reason.
 * - start = dateTimeOrigination, epoch seconds in UTC (no zone question).
 * - duration = `duration`, the seconds between dateTimeConnect and dateTimeDisconnect (talk time).
 * - status: a call with dateTimeConnect != 0 was answered; otherwise the Q.850 cause decides,
 *   destCause_value first (why the called side released), else origCause_value (16 normal clearing
 *   before answer = missed, 17 busy, 18/19 no answer, 21 rejected, other causes failed).
 * - caller = callingPartyNumber; callee = finalCalledPartyNumber, or originalCalledPartyNumber when the
 *   final one is empty. Extensions (51002) stay as they are; direction from their shapes.
 */
import { UserError } from '../errors.js';
import { pbxDirection, q850Status } from '../records/causes.js';
import type { CallRecord } from '../records/record.js';
import { NO_ID } from '../records/record.js';
import { type DateOrder, detectDateOrder } from '../records/time.js';
import type {
  FormatContext,
  RowIssue,
  RowReader,
  TableDetection,
  TableFormat,
  TableSample,
} from './types.js';

const RECORD_TYPE = 'cdrRecordType';
const REQUIRED = [
  RECORD_TYPE,
  'dateTimeOrigination',
  'callingPartyNumber',
  'originalCalledPartyNumber',
  'finalCalledPartyNumber',
  'dateTimeConnect',
  'duration',
  'origCause_value',
  'destCause_value',
] as const;

/** Header fields that only a CUCM CDR header has together. */
function isHeader(fields: readonly string[]): boolean {
  return (
    fields.includes(RECORD_TYPE) &&
    fields.includes('dateTimeOrigination') &&
    fields.includes('callingPartyNumber')
  );
}

function sniff(sample: TableSample): TableDetection {
  for (const row of sample.rows.slice(0, 10)) {
    if (isHeader(row.fields)) return { score: 0.95, headerLine: row.line };
  }
  return { score: 0, headerLine: null };
}

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** A cause value as CUCM writes it (`16`); an empty column is 0 (no cause). */
function causeValue(text: string): number {
  return text === '' ? 0 : +text;
}

function open(header: string[] | null, samples: string[][], ctx: FormatContext, path: string): RowReader {
  if (header === null) {
    throw new UserError('NOT_CDR', `${path}: a CUCM CDR file starts with a header row (cdrRecordType,...)`);
  }
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    if (!index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED.filter((name) => !index.has(name));
  if (missing.length > 0) {
    const found = header.slice(0, 12).join(', ');
    throw new UserError(
      'NOT_CDR',
      `${path}: the CUCM CDR header lacks ${missing.join(', ')} (columns found: ${found}${header.length > 12 ? ', ...' : ''})`,
    );
  }
  const col = (name: (typeof REQUIRED)[number]): number => index.get(name)!;
  const columns = header.length;
  const iType = col(RECORD_TYPE);
  const iOrigination = col('dateTimeOrigination');
  const iCalling = col('callingPartyNumber');
  const iOriginalCalled = col('originalCalledPartyNumber');
  const iFinalCalled = col('finalCalledPartyNumber');
  const iConnect = col('dateTimeConnect');
  const iDuration = col('duration');
  const iOrigCause = col('origCause_value');
  const iDestCause = col('destCause_value');
  // Exports converted by hand may carry dates instead of epoch seconds: their order, just in case.
  const order: DateOrder = detectDateOrder(
    samples.map((f) => f[iOrigination] ?? ''),
    ctx.country,
  );
  const { numbers, clock } = ctx;

  return {
    mapping: {
      start: 'dateTimeOrigination (epoch seconds, UTC)',
      caller: 'callingPartyNumber',
      callee: 'finalCalledPartyNumber (else originalCalledPartyNumber)',
      duration: 'duration',
      status: 'dateTimeConnect, destCause_value / origCause_value (Q.850)',
      direction: 'extension or external number (PBX export)',
    },
    read(fields: string[], line: number, input: number): CallRecord | RowIssue {
      const type = fields[iType] ?? '';
      if (type !== '1') {
        if (type === '2')
          return { reason: 'CMR record (cdrRecordType 2): call quality data, not a call', skipped: true };
        if (type === '0') return { reason: 'start record (cdrRecordType 0)', skipped: true };
        if (type.toUpperCase() === 'INTEGER')
          return { reason: 'column type row (INTEGER, VARCHAR...)', skipped: true };
        if (type === RECORD_TYPE) return { reason: 'repeated header row', skipped: true };
        return { reason: `unknown cdrRecordType ${shown(type)}` };
      }
      const n = fields.length;
      if (n !== columns) return { reason: `expected ${columns} columns (as the header), found ${n}` };
      const originText = fields[iOrigination];
      const seconds = originText === '' ? Number.NaN : +originText;
      let start: number;
      if (Number.isInteger(seconds) && seconds > 0) start = seconds * 1000;
      else {
        start = clock.parse(originText, order);
        if (Number.isNaN(start)) return { reason: `bad dateTimeOrigination ${shown(originText)}` };
      }
      const durationText = fields[iDuration];
      const duration = durationText === '' ? Number.NaN : +durationText;
      if (!(duration >= 0)) return { reason: `bad duration ${shown(durationText)}` };
      const connect = fields[iConnect];
      const connected = connect !== '0' && connect !== '';
      const destCause = causeValue(fields[iDestCause]);
      const status = q850Status(destCause !== 0 ? destCause : causeValue(fields[iOrigCause]), connected);
      const caller = numbers.canonical(fields[iCalling]);
      const finalCalled = fields[iFinalCalled];
      const callee = numbers.canonical(finalCalled !== '' ? finalCalled : fields[iOriginalCalled]);
      return {
        start,
        caller,
        callee,
        callerId: NO_ID,
        calleeId: NO_ID,
        duration,
        status,
        direction: pbxDirection(caller, callee),
        input,
        line,
      };
    },
  };
}

export const cucm: TableFormat = {
  kind: 'table',
  name: 'cucm',
  title: 'Cisco CUCM CDR (flat file)',
  sniff,
  open,
};
