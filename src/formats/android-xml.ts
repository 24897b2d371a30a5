/**
 * Android call logs saved as XML by backup apps. This module reads "SMS Backup & Restore" call
 * backups and holds the streaming reader shared with the "Super Backup" format (superbackup-xml.ts).
 *
 *   <calls count="7">
 *     <call number="0612345678" duration="33" date="1467998854819" type="2" presentation="1"
 *           readable_date="Jul 8, 2016 1:27:34 PM" contact_name="(Unknown)" />
 *   </calls>
 *
 * A phone's call log only names the other party: the owner (`--owner`) fills the other side, or ''
 * when not given. `type` is Android's CallLog.Calls.TYPE:
 *
 *   type  Android constant            direction  status     duration kept
 *   1     INCOMING_TYPE               in         answered   talk seconds
 *   2     OUTGOING_TYPE               out        answered   talk seconds; 0 s -> `missed` (the other
 *                                                           side did not answer)
 *   3     MISSED_TYPE                 in         missed     0
 *   4     VOICEMAIL_TYPE              in         voicemail  as written (length of the message)
 *   5     REJECTED_TYPE (by the user) in         rejected   0
 *   6     BLOCKED_TYPE (automatically)in         blocked    0
 *   7     ANSWERED_EXTERNALLY_TYPE    in         answered   as written (answered on another device)
 *
 * `presentation` is CallLog.Calls.NUMBER_PRESENTATION: 1 allowed, 2 restricted, 3 unknown, 4 payphone;
 * 2-4 make the other party `withheld`. Android stores an empty number for those (older versions
 * `-1`, `-2`, `-3`), so an empty number is `withheld` too. `contact_name` is the name of the other
 * party in the phone's address book: it becomes `callerName` only when the other party is the
 * caller (never on outgoing calls, where it names the callee).
 *
 * The text is streamed through saxes chunk by chunk. record.line is the 1-based index of the call
 * element. An element that cannot be read (missing or invalid date, unknown type, bad duration) is
 * rejected with its reason and reading goes on. XML syntax errors are rejections at the point where
 * they occur (with line and column), so a truncated file keeps every call read before the cut.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { type CallRecord, type CallStatus, type Direction, NO_ID, WITHHELD } from '../records/record.js';
import type { FormatContext, XmlFormat, XmlSink } from './types.js';

/** What one Android call type means for the record. */
interface CallType {
  direction: Direction;
  status: CallStatus;
  /** True when the file's duration is kept; false when the call had no conversation (duration 0). */
  talk: boolean;
}

const CALL_TYPES: ReadonlyMap<string, CallType> = new Map([
  ['1', { direction: 'in', status: 'answered', talk: true }],
  ['2', { direction: 'out', status: 'answered', talk: true }],
  ['3', { direction: 'in', status: 'missed', talk: false }],
  ['4', { direction: 'in', status: 'voicemail', talk: true }],
  ['5', { direction: 'in', status: 'rejected', talk: false }],
  ['6', { direction: 'in', status: 'blocked', talk: false }],
  ['7', { direction: 'in', status: 'answered', talk: true }],
]);

/** Android number presentations that hide the other party: restricted, unknown, payphone. */
const HIDDEN_PRESENTATIONS = new Set(['2', '3', '4']);
/** The placeholder backup apps write when the number has no contact. */
const NO_CONTACT = '(Unknown)';
const DIGITS = /^\d+$/;
const EPOCH_MS = /^\d{12,13}$/;
/** Numeric character references saxes leaves as text (UTF-16 surrogates written one by one). */
const CHAR_REF = /&#(?:x([0-9a-fA-F]{1,6})|(\d{1,7}));/g;
/** saxes errors about entities: the attribute keeps its raw text, nothing is lost. */
const ENTITY_ERROR = /entity/;
const POSITION_PREFIX = /^\d+:\d+: /;

/** Attribute names of one call-log XML dialect. */
export interface CallLogAttributes {
  number: string;
  /** Epoch milliseconds. */
  date: string;
  /** Wall-clock `dd.MM.yyyy HH:mm:ss`, read in the run's zone when `date` is missing or unreadable. */
  time?: string;
  duration: string;
  type: string;
  name: string;
  presentation?: string;
}

export interface CallLogDialect {
  name: string;
  title: string;
  /** Root element (`calls`). */
  root: string;
  /** One call (`call`). */
  element: string;
  attributes: CallLogAttributes;
  sniff(head: string): number;
}

/** Builds an XmlFormat for an Android call-log XML dialect. */
export function callLogXmlFormat(dialect: CallLogDialect): XmlFormat {
  const a = dialect.attributes;
  const mapping: Record<string, string> = {
    start: a.time ? `${a.date} (epoch ms), else ${a.time}` : `${a.date} (epoch ms)`,
    caller: `${a.number} when ${a.type} is incoming, else --owner`,
    callee: `${a.number} when ${a.type} is outgoing, else --owner`,
    duration: a.duration,
    status: a.type,
    direction: a.type,
    callerName: `${a.name} (incoming calls)`,
  };
  if (a.presentation) mapping.caller += ` (withheld when ${a.presentation} is 2, 3 or 4)`;
  return {
    kind: 'xml',
    name: dialect.name,
    title: dialect.title,
    mapping,
    sniff: dialect.sniff,
    read: (text, ctx, input, sink) => readCallLog(dialect, text, ctx, input, sink),
  };
}

async function readCallLog(
  dialect: CallLogDialect,
  text: NodeJS.ReadableStream,
  ctx: FormatContext,
  input: number,
  sink: XmlSink,
): Promise<void> {
  const { root, element } = dialect;
  const parser = new SaxesParser();
  /** `<call>` elements seen so far (the last one's index). */
  let elements = 0;
  /** Inside the start tag of a call element (between its name and its `>`). */
  let inElement = false;
  let elementError: string | null = null;
  /** Value of the root's `count` attribute, when it has one. */
  let announced: number | null = null;
  let rootClosed = false;
  let closing = false;
  /** `elements` when the last syntax error between elements was reported (one per gap). */
  let reportedGap = -1;
  let syntaxErrors = 0;
  let trailingReported = false;

  const where = (): string => `line ${parser.line}, column ${parser.column + 1}`;
  const call = (n: number): string =>
    announced !== null ? `call ${n} of the ${announced} the file announces` : `call ${n}`;
  const after = (): string => (elements === 0 ? 'before the first call' : `after ${call(elements)}`);

  parser.on('error', (err) => {
    const msg = err.message.replace(POSITION_PREFIX, '');
    if (ENTITY_ERROR.test(msg)) return;
    if (inElement) {
      elementError ??= closing
        ? `the file ends inside ${call(elements + 1)} at ${where()} (truncated file?)`
        : `XML syntax error at ${where()}: ${msg}`;
      return;
    }
    if (rootClosed) {
      if (!trailingReported) {
        trailingReported = true;
        sink.issue(elements, {
          reason: `content after the end of <${root}> ignored (${where()})`,
          skipped: true,
        });
      }
      return;
    }
    if (reportedGap === elements) return;
    reportedGap = elements;
    syntaxErrors++;
    const reason = closing
      ? `the file ends early at ${where()}, ${after()} (truncated file?): ${msg}`
      : `XML syntax error at ${where()}, ${after()}: ${msg}`;
    sink.issue(elements + 1, { reason });
  });
  parser.on('opentagstart', (tag) => {
    if (tag.name === element) {
      inElement = true;
      elementError = null;
    }
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (tag.name === element) {
      inElement = false;
      elements++;
      if (elementError !== null) {
        syntaxErrors++;
        sink.issue(elements, { reason: elementError });
        return;
      }
      const res = readCall(dialect.attributes, tag.attributes, ctx, input, elements);
      if (typeof res === 'string') sink.issue(elements, { reason: res });
      else sink.record(res);
    } else if (tag.name === root && announced === null) {
      const count = tag.attributes.count;
      if (count !== undefined && DIGITS.test(count)) announced = Number(count);
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === root) rootClosed = true;
  });

  for await (const chunk of text) parser.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  closing = true;
  parser.close();
  if (inElement) {
    syntaxErrors++;
    sink.issue(elements + 1, {
      reason: elementError ?? `the file ends inside ${call(elements + 1)} at ${where()} (truncated file?)`,
    });
  } else if (syntaxErrors === 0 && announced !== null && announced !== elements) {
    sink.issue(elements + 1, {
      reason: `<${root} count="${announced}"> announces ${announced} calls but the file holds ${elements}`,
    });
  }
}

/** One call element -> a record, or the reason it cannot be read. */
function readCall(
  a: CallLogAttributes,
  attrs: Record<string, string>,
  ctx: FormatContext,
  input: number,
  index: number,
): CallRecord | string {
  const typeText = attrs[a.type];
  const type = typeText === undefined ? undefined : CALL_TYPES.get(typeText.trim());
  if (type === undefined) {
    return typeText === undefined ? `missing ${a.type} attribute` : `unknown call ${a.type}="${typeText}"`;
  }

  const start = readStart(a, attrs, ctx);
  if (typeof start === 'string') return start;

  let duration = 0;
  if (type.talk) {
    const d = attrs[a.duration];
    if (d === undefined) return `missing ${a.duration} attribute`;
    const t = d.trim();
    if (!DIGITS.test(t)) return `invalid ${a.duration}="${d}"`;
    duration = Number(t);
  }
  let status = type.status;
  if (type.direction === 'out' && duration === 0) status = 'missed';

  const raw = attrs[a.number] ?? '';
  const hidden = a.presentation !== undefined && HIDDEN_PRESENTATIONS.has(attrs[a.presentation] ?? '');
  const other = hidden || raw.trim() === '' ? WITHHELD : ctx.numbers.canonical(raw);
  const owner = ctx.owner ?? '';
  const incoming = type.direction === 'in';
  const rec: CallRecord = {
    start,
    caller: incoming ? other : owner,
    callee: incoming ? owner : other,
    callerId: NO_ID,
    calleeId: NO_ID,
    duration,
    status,
    direction: type.direction,
    input,
    line: index,
  };
  if (incoming) {
    const name = attrs[a.name];
    if (name !== undefined && name !== '' && name !== NO_CONTACT) rec.callerName = decodeCharRefs(name);
  }
  return rec;
}

/** Start instant from `date` (epoch ms), else from the wall-clock `time` attribute; or a reason. */
function readStart(a: CallLogAttributes, attrs: Record<string, string>, ctx: FormatContext): number | string {
  const date = attrs[a.date];
  if (date !== undefined) {
    const t = date.trim();
    if (EPOCH_MS.test(t)) return Number(t);
    const ms = t === '' ? Number.NaN : ctx.clock.parse(t, 'ymd');
    if (!Number.isNaN(ms)) return ms;
  }
  const time = a.time === undefined ? undefined : attrs[a.time];
  if (time !== undefined && time.trim() !== '') {
    const ms = ctx.clock.parse(time, 'dmy');
    if (!Number.isNaN(ms)) return ms;
    return date === undefined
      ? `invalid ${a.time}="${time}"`
      : `invalid ${a.date}="${date}" and ${a.time}="${time}"`;
  }
  return date === undefined ? `missing ${a.date} attribute` : `invalid ${a.date}="${date}"`;
}

/** Decodes numeric character references saxes refused (emoji written as two UTF-16 surrogates). */
function decodeCharRefs(s: string): string {
  if (s.indexOf('&#') < 0) return s;
  return s.replace(CHAR_REF, (ref, hex: string | undefined, dec: string | undefined) => {
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    return code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : ref;
  });
}

const CALLS_ROOT = /<calls[\s>/]/;
const CALL_ELEMENT = /<call[\s/>]/;
const SMS_BACKUP_COMMENT = /SMS Backup & Restore/;

export const androidXml: XmlFormat = callLogXmlFormat({
  name: 'android-xml',
  title: 'Android call log (SMS Backup & Restore XML)',
  root: 'calls',
  element: 'call',
  attributes: {
    number: 'number',
    date: 'date',
    duration: 'duration',
    type: 'type',
    name: 'contact_name',
    presentation: 'presentation',
  },
  sniff(head) {
    if (!CALLS_ROOT.test(head)) return 0;
    return CALL_ELEMENT.test(head) || SMS_BACKUP_COMMENT.test(head) ? 0.95 : 0.6;
  },
});
