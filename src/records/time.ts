/**
 * Time normalisation: wall-clock timestamps from exports -> UTC instants (epoch ms), and back to
 * ISO-8601 strings with the offset of the report's zone.
 *
 * Timestamps that carry an offset (`Z`, `+02:00`) are taken as written. Timestamps without one are
 * read in the run's zone (`--tz`, default Europe/Paris) with the same rules as JavaScript's Temporal
 * "compatible" disambiguation:
 * - the repeated autumn hour (e.g. 02:30 on the last Sunday of October in Paris happens twice) is read
 *   as its FIRST occurrence, still in summer time (+02:00);
 * - the missing spring hour (02:30 on the last Sunday of March does not exist in Paris) is read with
 *   the offset in force before the change, i.e. shifted forward by one hour (03:30+02:00).
 * Every report states the zone and these two rules.
 *
 * Offsets come from the runtime's IANA database through @date-fns/tz and are cached per 15-minute
 * slot, so a row costs a regex and some arithmetic, not an Intl call.
 */
import { tzOffset } from '@date-fns/tz';
import { UserError } from '../errors.js';

const SLOT_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

/**
 * Date and time as exports write them: `2024-01-27 15:07:24`, `2024-01-27T15:07:24.5+02:00`,
 * `2020/2/10 22:41`, `02/09/2018 18:00`, `17.09.2018 21:58:22`, `7/8/2016 1:14:21 PM`, `15h07`.
 */
const DATE_TIME =
  /^\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:(?:[T\s]+|\s*,\s*)(\d{1,2})[:hH](\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$/;
const EPOCH = /^\s*(\d{9,13})(?:\.(\d{1,6}))?\s*$/;

export class Clock {
  readonly tz: string;
  private readonly wallCache = new Map<number, number>();
  private readonly offsetCache = new Map<number, number>();
  /** The last slot looked up in each cache, with its value (NaN: none yet). */
  private lastWallSlot = Number.NaN;
  private lastShift = 0;
  private lastOffsetSlot = Number.NaN;
  private lastOffset = 0;

  constructor(tz: string) {
    if (!isValidTimeZone(tz)) {
      throw new UserError('BAD_OPTION', `unknown time zone "${tz}" (use an IANA name such as Europe/Paris)`);
    }
    this.tz = tz;
  }

  /** UTC offset in minutes of the zone at an instant. */
  offsetMinutes(epochMs: number): number {
    const slot = Math.floor(epochMs / SLOT_MS);
    // Rows mostly come in time order: the previous row's slot saves the map lookup.
    if (slot === this.lastOffsetSlot) return this.lastOffset;
    let off = this.offsetCache.get(slot);
    if (off === undefined) {
      off = tzOffset(this.tz, new Date(slot * SLOT_MS));
      this.offsetCache.set(slot, off);
    }
    this.lastOffsetSlot = slot;
    this.lastOffset = off;
    return off;
  }

  /** Instant of a wall-clock time in the zone (month 1-12), with the DST rules in the header. */
  wallToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
    const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const slot = Math.floor(wall / SLOT_MS);
    if (slot === this.lastWallSlot) return wall - this.lastShift;
    let shift = this.wallCache.get(slot);
    if (shift === undefined) {
      shift = this.resolveShift(slot * SLOT_MS);
      this.wallCache.set(slot, shift);
    }
    this.lastWallSlot = slot;
    this.lastShift = shift;
    return wall - shift;
  }

  /** ISO-8601 with the zone's offset, seconds precision: `2018-09-02T18:00:00+02:00`. */
  iso(epochMs: number): string {
    const off = this.offsetMinutes(epochMs);
    const local = new Date(epochMs + off * 60_000).toISOString().slice(0, 19);
    const sign = off < 0 ? '-' : '+';
    const abs = Math.abs(off);
    return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  }

  /** Local calendar day of an instant, `yyyy-MM-dd`. */
  day(epochMs: number): string {
    return new Date(epochMs + this.offsetMinutes(epochMs) * 60_000).toISOString().slice(0, 10);
  }

  /**
   * Date and time for people, in the zone with its offset, for summaries and messages (not per row):
   * `12/10/2026 06:00 (UTC+02:00)` in French, `12 Oct 2026 06:00 (UTC+02:00)` in English; with
   * `withTime` false, the local day only (`12/10/2026`, `12 Oct 2026`).
   */
  human(epochMs: number, lang: 'fr' | 'en', withTime = true): string {
    const off = this.offsetMinutes(epochMs);
    const d = new Date(epochMs + off * 60_000);
    const day = d.getUTCDate();
    const month = d.getUTCMonth();
    const date =
      lang === 'fr'
        ? `${pad2(day)}/${pad2(month + 1)}/${d.getUTCFullYear()}`
        : `${day} ${MONTHS_EN[month]} ${d.getUTCFullYear()}`;
    if (!withTime) return date;
    const abs = Math.abs(off);
    const zone = `UTC${off < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
    return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} (${zone})`;
  }

  /** Local hour of day (0-23) of an instant. */
  hourOfDay(epochMs: number): number {
    return new Date(epochMs + this.offsetMinutes(epochMs) * 60_000).getUTCHours();
  }

  /** Local day of week (0 = Sunday) of an instant. */
  dayOfWeek(epochMs: number): number {
    return new Date(epochMs + this.offsetMinutes(epochMs) * 60_000).getUTCDay();
  }

  /**
   * Parses a timestamp as exports write it; `order` says how to read `xx/xx/xxxx` dates (see
   * `detectDateOrder`). Returns NaN when the text is not a timestamp or names an impossible date.
   */
  parse(text: string, order: DateOrder): number {
    const fast = parseIsoLocal19(text);
    if (fast !== -1) {
      return Number.isNaN(fast)
        ? fast
        : this.wallToEpoch(FIELDS[0], FIELDS[1], FIELDS[2], FIELDS[3], FIELDS[4], FIELDS[5], 0);
    }
    const m = DATE_TIME.exec(text);
    if (m === null) return this.parseEpoch(text);
    let y: number;
    let mo: number;
    let d: number;
    const a = m[1];
    if (a.length === 4 || order === 'ymd') {
      y = +a;
      mo = +m[2];
      d = +m[3];
    } else if (order === 'mdy') {
      mo = +a;
      d = +m[2];
      y = +m[3];
    } else {
      d = +a;
      mo = +m[2];
      y = +m[3];
    }
    if (m[3].length === 2 && a.length !== 4) y += 2000;
    let h = m[4] === undefined ? 0 : +m[4];
    const mi = m[5] === undefined ? 0 : +m[5];
    const s = m[6] === undefined ? 0 : +m[6];
    const ms = m[7] === undefined ? 0 : Math.floor(+`0.${m[7]}` * 1000);
    const ampm = m[8];
    if (ampm !== undefined) {
      if (h < 1 || h > 12) return Number.NaN;
      const pm = ampm[0] === 'p' || ampm[0] === 'P';
      h = (h % 12) + (pm ? 12 : 0);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60)
      return Number.NaN;
    const zone = m[9];
    if (zone === undefined) return this.wallToEpoch(y, mo, d, h, mi, s, ms);
    return Date.UTC(y, mo - 1, d, h, mi, s, ms) - zoneOffsetMinutes(zone) * 60_000;
  }

  /**
   * `parse` of the bytes `[from, to)` of an ASCII line when they hold the common layout
   * `yyyy-MM-dd HH:mm:ss` (or with `T`): the same instant `parse` gives that text. -1 for any other
   * layout and NaN for an impossible date: the byte reader then reads the row as text.
   */
  parseIsoBytes(buf: Uint8Array, from: number, to: number): number {
    if (to - from !== 19) return -1;
    const sep = buf[from + 10];
    if (
      buf[from + 4] !== 45 ||
      buf[from + 7] !== 45 ||
      (sep !== 32 && sep !== 84) ||
      buf[from + 13] !== 58 ||
      buf[from + 16] !== 58
    ) {
      return -1;
    }
    const y = byteDigits(buf, from, 4);
    const mo = byteDigits(buf, from + 5, 2);
    const d = byteDigits(buf, from + 8, 2);
    const h = byteDigits(buf, from + 11, 2);
    const mi = byteDigits(buf, from + 14, 2);
    const s = byteDigits(buf, from + 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60)
      return Number.NaN;
    return this.wallToEpoch(y, mo, d, h, mi, s, 0);
  }

  private parseEpoch(text: string): number {
    const m = EPOCH.exec(text);
    if (m === null) return Number.NaN;
    const digits = m[1];
    // 9-10 digits: seconds (1973-2286); 12-13 digits: milliseconds. 11 digits is ambiguous: refuse it.
    if (digits.length <= 10) return +digits * 1000 + (m[2] ? Math.floor(+`0.${m[2]}` * 1000) : 0);
    if (digits.length >= 12) return +digits;
    return Number.NaN;
  }

  /** Milliseconds to subtract from a wall time (as if UTC) to get the instant. */
  private resolveShift(wall: number): number {
    const before = this.offsetMinutes(wall - DAY_MS) * 60_000;
    const after = this.offsetMinutes(wall + DAY_MS) * 60_000;
    const first = this.offsetMinutes(wall - before) * 60_000 === before;
    if (before === after) return first ? before : this.offsetMinutes(wall - before) * 60_000;
    const second = this.offsetMinutes(wall - after) * 60_000 === after;
    // Repeated hour: both readings exist; take the earlier instant (larger shift = summer offset).
    if (first && second) return Math.max(before, after);
    if (first) return before;
    if (second) return after;
    // Missing hour: no reading exists; use the offset in force before the change (moves forward).
    return before;
  }
}

/**
 * Decides how to read `a/b/yyyy` dates from a sample of a column: day-first unless a sample shows a
 * second field above 12 (then month-first), or the country writes month-first (US, CA, PH) and no
 * sample contradicts it. Four-digit first fields are always year-first.
 */
export function detectDateOrder(samples: readonly string[], country = 'FR'): DateOrder {
  let firstOver12 = false;
  let secondOver12 = false;
  let yearFirst = 0;
  for (const text of samples) {
    const m = DATE_TIME.exec(text);
    if (m === null) continue;
    if (m[1].length === 4) {
      yearFirst++;
      continue;
    }
    if (+m[1] > 12) firstOver12 = true;
    if (+m[2] > 12) secondOver12 = true;
  }
  if (yearFirst > 0 && !firstOver12 && !secondOver12) return 'ymd';
  if (firstOver12) return 'dmy';
  if (secondOver12) return 'mdy';
  return MONTH_FIRST_COUNTRIES.has(country.toUpperCase()) ? 'mdy' : 'dmy';
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const MONTH_FIRST_COUNTRIES = new Set(['US', 'CA', 'PH', 'FM', 'MH', 'PW']);

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = +digits.slice(0, 2);
  const mi = digits.length > 2 ? +digits.slice(2, 4) : 0;
  return sign * (h * 60 + mi);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, mo: number): number {
  if (mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return MONTH_DAYS[mo - 1];
}

/** Scratch fields of the fixed-layout parser (one per process: parsing is synchronous). */
const FIELDS = [0, 0, 0, 0, 0, 0];

/**
 * The layout most exports use, `yyyy-MM-dd HH:mm:ss` (or with `T`), read by character codes: the hot
 * path of 10-million-row files, several times cheaper than the general regex. Fills FIELDS and returns
 * 0; NaN for an impossible date; -1 when the text has another layout (the caller uses the regex).
 */
function parseIsoLocal19(t: string): number {
  if (t.length !== 19) return -1;
  const sep = t.charCodeAt(10);
  if (
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    (sep !== 32 && sep !== 84) ||
    t.charCodeAt(13) !== 58 ||
    t.charCodeAt(16) !== 58
  ) {
    return -1;
  }
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = digits(t, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) return Number.NaN;
  FIELDS[0] = y;
  FIELDS[1] = mo;
  FIELDS[2] = d;
  FIELDS[3] = h;
  FIELDS[4] = mi;
  FIELDS[5] = s;
  return 0;
}

/** Value of `n` decimal digits at `from`, or -1 if one of them is not a digit. */
function digits(t: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Value of `n` decimal digit bytes at `from`, or -1 if one of them is not a digit. */
function byteDigits(buf: Uint8Array, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
