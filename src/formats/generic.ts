/**
 * Any delimited export with a header row: operator and itemized-bill exports, PBX reports, phone call
 * logs re-saved by Excel. Columns are recognised by name in French, English, Dutch and German (see
 * columns.ts), or named by the user with `--map field=column`.
 *
 * What such files look like, and how they are read:
 * - a preamble (title, account number, period) before the header: the header is the first of the
 *   first lines that names a date and a phone number; the lines before it are skipped;
 * - subtotal and total lines inside or after the table (`Sous-total`, `Total`, `Totaal`, `Summe`),
 *   empty rows and repeated headers: skipped, with their reason;
 * - the start in one column, or a date and a time in two (Excel writes `01/03/2024 00:00:00` in the
 *   date column and `30/12/1899 09:15:00` in the time column: both are handled); day-first or
 *   month-first decided from the sample and `--country`;
 * - two number columns (caller, callee), or the subscriber's own log or bill with one "number"
 *   column and a direction: the subscriber's side is `--owner`, or the empty string when it is not
 *   given (the direction still says which way the call went);
 * - direction and status words (`Entrant`, `Manqué`, `Messagerie`, `eingehend`, `gemist`...), see
 *   src/records/status-words.ts; rows that are SMS or data sessions are skipped;
 * - durations in seconds, `HH:MM:SS`, `M:SS`, `1 min 23 s`, decimal commas (src/records/duration.ts).
 *   Talk-time columns are preferred to ring+talk ones; without any duration column, End - Start
 *   (which includes ringing) is used. Without a status column, a call with talk time is answered
 *   and one without is missed; unanswered calls always have duration 0.
 *
 * Everything is decided in `open()`; `read()` does index lookups, one clock parse, cached number
 * normalisation and cached word lookups.
 */
import { UserError } from '../errors.js';
import { parseDuration } from '../records/duration.js';
import { e164BytesValue } from '../records/number-set.js';
import { MIN_STRICT_LENGTH } from '../records/numbers.js';
import type { CallRecord, CallStatus, Direction } from '../records/record.js';
import { NO_ID } from '../records/record.js';
import { type CallWord, CallWordReader } from '../records/status-words.js';
import { type DateOrder, detectDateOrder } from '../records/time.js';
import {
  asUtc,
  type Column,
  columnsFromMap,
  DATE_LIKE,
  GENERIC_TABLE,
  headerHints,
  listColumns,
  type MapField,
  normHeader,
  TIME_LIKE,
} from './columns.js';
import {
  DROPPED,
  type FormatContext,
  type RowIssue,
  type RowReader,
  type TableFormat,
  type TableSample,
} from './types.js';

/** How many of the first rows are searched for the header. */
const HEADER_SEARCH_ROWS = 40;
/** A time part at midnight: `00:00`, `00:00:00`, `0h00` (Excel's "no time" in a date cell). */
const MIDNIGHT = /(?:^|[T\s])0?0[:hH]00(?::00(?:[.,]0+)?)?\s*$/;
/** A date at the start of a cell, with what separates it from the time. */
const LEADING_DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T\s]+|$)/;
/** Normalised first words of subtotal and total lines. */
const TOTAL_WORDS = [
  'total',
  'soustotal',
  'totaux',
  'totalgeneral',
  'somme',
  'montanttotal',
  'subtotal',
  'grandtotal',
  'totaal',
  'subtotaal',
  'eindtotaal',
  'summe',
  'zwischensumme',
  'gesamtsumme',
  'gesamt',
  'endsumme',
];

export const generic: TableFormat = {
  kind: 'table',
  name: 'generic',
  title: 'CSV/TSV export with a header row (operator, bill, PBX or phone log)',

  sniff(sample: TableSample) {
    const rows = sample.rows.slice(0, HEADER_SEARCH_ROWS);
    for (const row of rows) {
      if (row.fields.length < 2) continue;
      const m = GENERIC_TABLE.match(row.fields);
      if ((m.start || m.date || m.time) && (m.caller || m.callee || m.number)) {
        return { score: 0.5, headerLine: row.line };
      }
    }
    // No row names a date and a number: the most header-like row, so that `open()` can name the
    // columns it found (or `--map` can name them).
    const line = headerLikeRow(rows);
    return { score: line === null ? 0 : 0.01, headerLine: line };
  },

  open(header, samples, ctx, path, wanted, wantedKeys) {
    return openGeneric(header, samples, ctx, path, wanted, wantedKeys);
  },
};

/** Line of the row that looks most like a header: text cells only, the most of them. */
function headerLikeRow(rows: readonly { fields: string[]; line: number }[]): number | null {
  let best: number | null = null;
  let bestCells = 1;
  for (const row of rows) {
    let cells = 0;
    let ok = true;
    for (const f of row.fields) {
      const t = f.trim();
      if (t === '') continue;
      if (!/[A-Za-zÀ-ÿ]/.test(t) || DATE_LIKE.test(t) || /^[+\d\s().-]+$/.test(t)) {
        ok = false;
        break;
      }
      cells++;
    }
    if (ok && cells > bestCells) {
      best = row.line;
      bestCells = cells;
    }
  }
  return best;
}

type Role = 'other' | 'caller' | 'callee';

const GROUPS: readonly (readonly MapField[])[] = [
  ['start', 'date', 'time'],
  ['caller', 'callee', 'number'],
  ['duration', 'end'],
];

function openGeneric(
  header: string[] | null,
  samples: string[][],
  ctx: FormatContext,
  path: string,
  wanted?: (caller: string, callee: string) => boolean,
  wantedKeys?: (callerKey: number, calleeKey: number) => boolean,
): RowReader {
  // 1. Columns: --map first, then names for whatever --map left open.
  const explicit = columnsFromMap(header, ctx.map, path);
  const taken = new Set(Object.values(explicit).map((c) => c.index));
  const cols: Partial<Record<MapField, Column>> = {
    ...(header ? GENERIC_TABLE.match(header, taken) : {}),
    ...explicit,
  };
  // A field of a group named by --map replaces the detection of the whole group.
  for (const group of GROUPS) {
    if (group.some((f) => explicit[f] !== undefined)) {
      for (const f of group) if (explicit[f] === undefined) delete cols[f];
    }
  }

  // 2. Start: one column, or a date column and a time column.
  let startCol = cols.start ?? cols.date;
  let timeCol: Column | undefined;
  if (startCol && cols.time) {
    const values = sampleValues(samples, startCol.index);
    const dateOnly = values.every((v) => !TIME_LIKE.test(v) || MIDNIGHT.test(v));
    if (explicit.time || dateOnly) timeCol = cols.time;
  } else if (!startCol) {
    startCol = cols.time;
  }

  // 3. Numbers: caller and callee, or the other party of the subscriber's own log.
  let callerCol: Column | undefined;
  let calleeCol: Column | undefined;
  let numberCol: Column | undefined;
  let role: Role = 'other';
  if (cols.caller && cols.callee) {
    callerCol = cols.caller;
    calleeCol = cols.callee;
  } else if (cols.number) {
    numberCol = cols.number;
  } else if (cols.callee) {
    numberCol = cols.callee;
    role = 'callee';
  } else if (cols.caller) {
    numberCol = cols.caller;
    role = 'caller';
  }

  if (!startCol || (!callerCol && !numberCol)) {
    const missing: string[] = [];
    if (!startCol) missing.push('the date and time of the call');
    if (!callerCol && !numberCol) missing.push('a phone number (caller, callee or number)');
    const found = header ? `has the columns ${listColumns(header)}` : 'has no header row naming its columns';
    throw new UserError(
      'NOT_CDR',
      `${path}: not a call log cdrscope can read: the file ${found}, but none for ${missing.join(' nor for ')}; name them with --map (e.g. --map start=Date,caller=From,callee=To, or column numbers from 1).`,
    );
  }

  // 4. How to read the start: date order from the sample, zone from the header.
  const startValues = sampleValues(samples, startCol.index);
  const order: DateOrder = detectDateOrder(startValues, ctx.country);
  const utc = headerHints(startCol.name).utc === true || (timeCol && headerHints(timeCol.name).utc) === true;

  // 5. Duration: a duration column (talk time preferred), else End - Start.
  const durCol = cols.duration;
  const durUnit = durCol ? (headerHints(durCol.name).unit ?? 1) : 1;
  const endCol = durCol ? undefined : cols.end;
  const endTimeOnly =
    endCol !== undefined &&
    sampleValues(samples, endCol.index).every((v) => !DATE_LIKE.test(v) && !/^\d{9,}/.test(v));

  const statusCol = cols.status;
  const dirCol = cols.direction;
  const hasDuration = durCol !== undefined || endCol !== undefined;

  const nameCol = cols.callerName;
  const attCol = cols.attestation;

  const used = [
    startCol,
    timeCol,
    callerCol,
    calleeCol,
    numberCol,
    durCol,
    endCol,
    statusCol,
    dirCol,
    nameCol,
    attCol,
  ];
  const minFields = Math.max(...used.map((c) => (c ? c.index + 1 : 0)));

  // 6. What the user sees in `inspect`.
  const orderText = order === 'dmy' ? 'dd/MM/yyyy' : order === 'mdy' ? 'MM/dd/yyyy' : 'yyyy-MM-dd';
  const mapping: Record<string, string> = {
    start: `${timeCol ? `${startCol.name} + ${timeCol.name}` : startCol.name} (${orderText}${utc ? ', UTC' : ''})`,
  };
  const owner = ctx.owner;
  if (callerCol && calleeCol) {
    mapping.caller = callerCol.name;
    mapping.callee = calleeCol.name;
  } else if (numberCol) {
    const ownerText = owner ?? 'owner (not given)';
    mapping.number = numberCol.name;
    if (role === 'callee') {
      mapping.caller = ownerText;
      mapping.callee = numberCol.name;
    } else if (role === 'caller') {
      mapping.caller = numberCol.name;
      mapping.callee = ownerText;
    } else {
      mapping.caller = `${numberCol.name} if incoming, else ${ownerText}`;
      mapping.callee = `${numberCol.name} if outgoing, else ${ownerText}`;
    }
  }
  mapping.duration = durCol
    ? durCol.name
    : endCol
      ? `${endCol.name} - start (includes ringing)`
      : '(none: 0)';
  const fallbackStatus = hasDuration ? 'from duration' : 'unknown';
  mapping.status = statusCol
    ? `${statusCol.name}, else ${fallbackStatus}`
    : dirCol
      ? `(words in ${dirCol.name}, else ${fallbackStatus})`
      : `(${fallbackStatus})`;
  mapping.direction = dirCol
    ? dirCol.name
    : statusCol
      ? `(words in ${statusCol.name})`
      : role === 'callee'
        ? '(out: the file lists called numbers)'
        : role === 'caller'
          ? '(in: the file lists callers)'
          : '(unknown)';
  if (nameCol) mapping.callerName = nameCol.name;
  if (attCol) mapping.attestation = attCol.name;

  // 7. The row reader.
  const { clock, numbers } = ctx;
  const s = startCol.index;
  const t = timeCol ? timeCol.index : -1;
  const startName = mapping.start.replace(/ \(.*\)$/, '');
  const c = callerCol ? callerCol.index : -1;
  const e = calleeCol ? calleeCol.index : -1;
  const n = numberCol ? numberCol.index : -1;
  const d = durCol ? durCol.index : -1;
  const en = endCol ? endCol.index : -1;
  const st = statusCol ? statusCol.index : -1;
  const dr = dirCol ? dirCol.index : -1;
  const nm = nameCol ? nameCol.index : -1;
  const at = attCol ? attCol.index : -1;
  const statusWords = new CallWordReader();
  const dirWords = new CallWordReader();
  const ownerSide = owner ?? '';
  const roleDirection: Direction = role === 'callee' ? 'out' : role === 'caller' ? 'in' : 'unknown';
  const numbersName = numberCol
    ? `column "${numberCol.name}"`
    : `columns "${callerCol?.name}" and "${calleeCol?.name}"`;
  const headerStart = header ? normHeader(header[s] ?? '') : null;

  /** A row that could not be read: a non-data line (skipped) or a rejected row. */
  const odd = (fields: string[], reason: string): RowIssue => {
    let nonEmpty = 0;
    let first = '';
    for (let i = 0; i < fields.length; i++) {
      const v = fields[i].trim();
      if (v === '') continue;
      if (nonEmpty === 0) first = v;
      nonEmpty++;
      if (nonEmpty <= 4) {
        const k = normHeader(v);
        for (const w of TOTAL_WORDS) {
          if (k.startsWith(w)) return { reason: `subtotal or total line ("${v}")`, skipped: true };
        }
      }
    }
    if (nonEmpty === 0) return { reason: 'empty row', skipped: true };
    if (
      headerStart !== null &&
      s < fields.length &&
      normHeader(fields[s]) === headerStart &&
      headerStart !== ''
    ) {
      return { reason: 'repeated header line', skipped: true };
    }
    if (nonEmpty === 1 && /[A-Za-zÀ-ÿ]/.test(first) && !DATE_LIKE.test(first)) {
      return {
        reason: `text line, not a call row ("${first.length > 60 ? `${first.slice(0, 60)}…` : first}")`,
        skipped: true,
      };
    }
    return { reason };
  };

  const wordOf = (reader: CallWordReader, raw: string): CallWord | undefined =>
    raw === '' ? undefined : reader.read(raw);

  const read = (fields: string[], line: number, input: number): CallRecord | RowIssue => {
    if (fields.length < minFields) {
      return odd(
        fields,
        `only ${fields.length} field${fields.length === 1 ? '' : 's'} where ${minFields} are needed`,
      );
    }
    // Evidence pass: the numbers first, and nothing more of a row no finding is about (most rows). The
    // test is symmetric, so the owner's side may stand on either side before the direction is known.
    if (wanted !== undefined) {
      const a = numbers.canonical(fields[n >= 0 ? n : c]);
      const b = n >= 0 ? ownerSide : numbers.canonical(fields[e]);
      if (!wanted(a, b)) return DROPPED;
    }
    let text = fields[s];
    if (t >= 0) text = `${datePart(text)} ${timePart(fields[t])}`;
    if (utc) text = asUtc(text);
    const start = clock.parse(text, order);
    if (Number.isNaN(start)) {
      return odd(
        fields,
        text.trim() === ''
          ? `no date in column "${startName}"`
          : `unreadable date "${text.trim()}" in column "${startName}"`,
      );
    }

    // Status and direction words.
    let status: CallStatus | undefined;
    let direction: Direction = 'unknown';
    // A status word such as `Manqué` suggests a direction, but the owner's side of the row is surer.
    let impliedByStatus = false;
    if (dr >= 0) {
      const w = wordOf(dirWords, fields[dr]);
      if (w !== undefined) {
        if (w.notCall) return { reason: `not a call (${fields[dr].trim()})`, skipped: true };
        if (w.direction) direction = w.direction;
        status = w.status;
      }
    }
    if (st >= 0) {
      const w = wordOf(statusWords, fields[st]);
      if (w !== undefined) {
        if (w.notCall) return { reason: `not a call (${fields[st].trim()})`, skipped: true };
        if (w.status) status = w.status;
        if (direction === 'unknown' && w.direction) {
          direction = w.direction;
          impliedByStatus = true;
        }
      }
    }

    // Duration.
    let duration = 0;
    if (d >= 0) {
      const raw = fields[d];
      if (raw !== '' && raw.trim() !== '') {
        duration = parseDuration(raw, durUnit);
        if (Number.isNaN(duration) || duration < 0) {
          return { reason: `unreadable duration "${raw.trim()}" in column "${durCol?.name}"` };
        }
      }
    } else if (en >= 0) {
      const raw = fields[en];
      if (raw.trim() !== '') {
        let end = clock.parse(endTimeOnly ? `${datePart(fields[s])} ${timePart(raw)}` : raw, order);
        if (Number.isNaN(end))
          return { reason: `unreadable end time "${raw.trim()}" in column "${endCol?.name}"` };
        if (endTimeOnly && end < start) end += 86_400_000;
        duration = end > start ? Math.round((end - start) / 1000) : 0;
      }
    }
    if (status === undefined) status = hasDuration ? (duration > 0 ? 'answered' : 'missed') : 'unknown';
    else if (status !== 'answered' && status !== 'unknown') duration = 0;

    // Numbers.
    let caller: string;
    let callee: string;
    if (n >= 0) {
      const other = numbers.canonical(fields[n]);
      if (other === '') return odd(fields, `no phone number in ${numbersName}`);
      if (direction === 'unknown') direction = roleDirection;
      if (direction === 'out') {
        caller = ownerSide;
        callee = other;
      } else {
        caller = other;
        callee = direction === 'unknown' && role === 'other' ? '' : ownerSide;
      }
    } else {
      caller = numbers.canonical(fields[c]);
      callee = numbers.canonical(fields[e]);
      if (caller === '' && callee === '') return odd(fields, `no phone number in ${numbersName}`);
      if (impliedByStatus && ownerSide !== '') {
        if (caller === ownerSide) direction = callee === ownerSide ? 'internal' : 'out';
        else if (callee === ownerSide) direction = 'in';
      }
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
    if (at >= 0) {
      const v = fields[at].trim();
      if (v !== '') r.attestation = v;
    }
    return r;
  };

  /**
   * `read` from bytes (formats/types.ts), for the usual layout: one start column, caller and callee
   * columns, a duration column or none. Every value it takes must be in the form whose meaning it
   * knows from bytes alone: an ISO `yyyy-MM-dd HH:mm:ss` start, strict E.164 numbers, whole seconds,
   * status and direction words already met (or met once as text); anything else returns null and the
   * row is read by `read`, which gives the same record or the rejection with its reason.
   */
  const readBytes = (
    buf: Buffer,
    cuts: Int32Array,
    count: number,
    line: number,
    input: number,
  ): CallRecord | RowIssue | null => {
    if (count < minFields) return null;
    const ca = cuts[2 * c];
    const cb = cuts[2 * c + 1];
    const ea = cuts[2 * e];
    const eb = cuts[2 * e + 1];
    // Shorter ones (`+333`) may not be E.164: `canonical` decides.
    if (cb - ca < MIN_STRICT_LENGTH || eb - ea < MIN_STRICT_LENGTH) return null;
    const callerKey = e164BytesValue(buf, ca, cb);
    const calleeKey = e164BytesValue(buf, ea, eb);
    if (callerKey <= 0 || calleeKey <= 0) return null;
    if (wantedKeys !== undefined) {
      if (!wantedKeys(callerKey, calleeKey)) return DROPPED;
    } else if (wanted !== undefined) {
      // Both numbers were met in the first pass; if not, `read` decides.
      const a = numbers.findE164(callerKey);
      const b = numbers.findE164(calleeKey);
      if (a < 0 || b < 0) return null;
      if (!wanted(numbers.valueOf(a), numbers.valueOf(b))) return DROPPED;
    }
    const start = clock.parseIsoBytes(buf, cuts[2 * s], cuts[2 * s + 1]);
    // -1: another layout (no instant of this layout is -1 ms: they are whole seconds); NaN: rejected by `read`.
    if (start === -1 || Number.isNaN(start)) return null;

    let status: CallStatus | undefined;
    let direction: Direction = 'unknown';
    let impliedByStatus = false;
    if (dr >= 0 && cuts[2 * dr + 1] > cuts[2 * dr]) {
      const w = dirWords.readBytes(buf, cuts[2 * dr], cuts[2 * dr + 1]);
      if (w !== undefined) {
        if (w.notCall) return null;
        if (w.direction) direction = w.direction;
        status = w.status;
      }
    }
    if (st >= 0 && cuts[2 * st + 1] > cuts[2 * st]) {
      const w = statusWords.readBytes(buf, cuts[2 * st], cuts[2 * st + 1]);
      if (w !== undefined) {
        if (w.notCall) return null;
        if (w.status) status = w.status;
        if (direction === 'unknown' && w.direction) {
          direction = w.direction;
          impliedByStatus = true;
        }
      }
    }

    let duration = 0;
    if (d >= 0) {
      const da = cuts[2 * d];
      const db = cuts[2 * d + 1];
      if (db > da) {
        // Whole seconds (1 to 9 digits), as parseDuration's first case; anything else goes to `read`.
        if (db - da > 9) return null;
        for (let i = da; i < db; i++) {
          const digit = buf[i] - 48;
          if (digit < 0 || digit > 9) return null;
          duration = duration * 10 + digit;
        }
        duration *= durUnit;
      }
    }
    if (status === undefined) status = hasDuration ? (duration > 0 ? 'answered' : 'missed') : 'unknown';
    else if (status !== 'answered' && status !== 'unknown') duration = 0;

    // Ids in the order `readInput` gives them to text rows: caller, then callee.
    const callerId = numbers.idOfE164Bytes(callerKey, buf, ca, cb);
    const calleeId = numbers.idOfE164Bytes(calleeKey, buf, ea, eb);
    const caller = numbers.valueOf(callerId);
    const callee = numbers.valueOf(calleeId);
    if (impliedByStatus && ownerSide !== '') {
      if (caller === ownerSide) direction = callee === ownerSide ? 'internal' : 'out';
      else if (callee === ownerSide) direction = 'in';
    }
    const r: CallRecord = {
      start,
      caller,
      callee,
      callerId,
      calleeId,
      duration,
      status,
      direction,
      input,
      line,
    };
    if (nm >= 0) {
      const v = buf.toString('latin1', cuts[2 * nm], cuts[2 * nm + 1]).trim();
      if (v !== '') r.callerName = v;
    }
    if (at >= 0) {
      const v = buf.toString('latin1', cuts[2 * at], cuts[2 * at + 1]).trim();
      if (v !== '') r.attestation = v;
    }
    return r;
  };

  // The byte path reads the usual layout only; the others are read as text.
  const bytesReadable = t < 0 && !utc && n < 0 && (d >= 0 || en < 0);
  return bytesReadable ? { mapping, read, readBytes } : { mapping, read };
}

/** Non-empty trimmed values of one column in the sample rows. */
function sampleValues(samples: string[][], index: number): string[] {
  const out: string[] = [];
  for (const row of samples) {
    const v = row[index]?.trim();
    if (v) out.push(v);
  }
  return out;
}

/** `01/03/2024 00:00:00` -> `01/03/2024`; `2024-03-01T00:00:00` -> `2024-03-01`. */
function datePart(text: string): string {
  const v = text.trim();
  for (let i = 6; i < v.length; i++) {
    const ch = v.charCodeAt(i);
    if (ch === 32 || ch === 84 /* T */) return v.slice(0, i);
  }
  return v;
}

/** `30/12/1899 09:15:00` (Excel's time-only cell) -> `09:15:00`. */
function timePart(text: string): string {
  const v = text.trim();
  // `09:15:00` and shorter: a time alone, no need for the regex.
  if (v.length <= 8) return v;
  const m = LEADING_DATE.exec(v);
  return m === null ? v : v.slice(m[0].length);
}
