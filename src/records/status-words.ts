/**
 * Words that operator exports, itemized bills and phone call logs write in their "type", "direction"
 * or "status" columns (French, English, Dutch, German) -> what they say about the call: a status, a
 * direction, both (`Manqué` is an incoming call that was not answered), or that the row is not a call
 * at all (`SMS`, `Data`).
 *
 * A missed call in a phone's log is an incoming call (nobody "misses" a call they placed), so `missed`,
 * `manqué`, `gemist`, `verpasst` and `absent` also give the direction `in`; `reçu`/`received` give `in`
 * and `answered`. Words about the outcome only (`no answer`, `busy`) give no direction.
 *
 * Lookup: the exact lower-cased, accent-free text first; failing that, known phrases inside the text,
 * then its single words (`Appel entrant - répondu`). `CallWordReader` caches the meaning of each raw
 * value, so a column of 10 M rows with a handful of distinct words costs one Map lookup per row.
 */
import type { CallStatus, Direction } from './record.js';

export interface CallWord {
  status?: CallStatus;
  direction?: Direction;
  /** The row is a message or data session, not a call (its word, e.g. `sms`). */
  notCall?: string;
}

const ENTRIES: [CallWord, string[]][] = [
  // Direction only.
  [
    { direction: 'in' },
    [
      'in',
      'incoming',
      'inbound',
      'incoming call',
      'inbound call',
      'entrant',
      'entrante',
      'entrants',
      'entrantes',
      'appel entrant',
      'appels entrants',
      'arrivee',
      'inkomend',
      'inkomende',
      'inkomende oproep',
      'inkomende oproepen',
      'binnenkomend',
      'binnenkomende oproep',
      'eingehend',
      'eingehende',
      'eingehender',
      'eingehender anruf',
      'eingehende anrufe',
      'ankommend',
      'ankommender anruf',
    ],
  ],
  [
    { direction: 'out' },
    [
      'out',
      'outgoing',
      'outbound',
      'outgoing call',
      'outbound call',
      'dialed',
      'dialled',
      'placed',
      'sortant',
      'sortante',
      'sortants',
      'sortantes',
      'appel sortant',
      'appels sortants',
      'emis',
      'emission',
      'appel emis',
      'compose',
      'uitgaand',
      'uitgaande',
      'uitgaande oproep',
      'uitgaande oproepen',
      'gebeld',
      'ausgehend',
      'ausgehende',
      'ausgehender',
      'ausgehender anruf',
      'ausgehende anrufe',
      'abgehend',
      'gewahlt',
    ],
  ],
  [{ direction: 'internal' }, ['internal', 'interne', 'intern', 'internal call', 'appel interne']],
  // Direction and status.
  [
    { direction: 'in', status: 'answered' },
    ['received', 'recu', 'recus', 'appel recu', 'ontvangen', 'empfangen', 'angenommener anruf'],
  ],
  [
    { direction: 'in', status: 'missed' },
    [
      'missed',
      'missed call',
      'manque',
      'manques',
      'appel manque',
      'appels manques',
      'absent',
      'en absence',
      'appel en absence',
      'gemist',
      'gemiste oproep',
      'gemiste oproepen',
      'verpasst',
      'verpasster anruf',
      'verpasste anrufe',
      'entgangen',
      'entgangener anruf',
    ],
  ],
  // Status only.
  [
    { status: 'answered' },
    [
      'answered',
      'answer',
      'completed',
      'complete',
      'connected',
      'success',
      'successful',
      'ok',
      'repondu',
      'reponse',
      'decroche',
      'abouti',
      'aboutis',
      'etabli',
      'communication etablie',
      'beantwoord',
      'aangenomen',
      'verbonden',
      'geslaagd',
      'angenommen',
      'beantwortet',
      'verbunden',
      'erfolgreich',
    ],
  ],
  [
    { status: 'missed' },
    [
      'no answer',
      'noanswer',
      'no reply',
      'not answered',
      'unanswered',
      'cancelled',
      'canceled',
      'non repondu',
      'non decroche',
      'non abouti',
      'pas de reponse',
      'sans reponse',
      'annule',
      'niet beantwoord',
      'onbeantwoord',
      'geen antwoord',
      'geannuleerd',
      'nicht angenommen',
      'nicht beantwortet',
      'unbeantwortet',
      'keine antwort',
      'abgebrochen',
    ],
  ],
  [{ status: 'busy' }, ['busy', 'user busy', 'occupe', 'ligne occupee', 'bezet', 'in gesprek', 'besetzt']],
  [
    { status: 'voicemail' },
    [
      'voicemail',
      'voice mail',
      'voice-mail',
      'messagerie',
      'messagerie vocale',
      'boite vocale',
      'repondeur',
      'voicemailbox',
      'mailbox',
      'mobilbox',
      'sprachbox',
      'sprachnachricht',
      'anrufbeantworter',
    ],
  ],
  [
    { status: 'rejected' },
    [
      'rejected',
      'declined',
      'refused',
      'rejete',
      'rejet',
      'refuse',
      'decline',
      'geweigerd',
      'afgewezen',
      'abgewiesen',
      'abgelehnt',
    ],
  ],
  [{ status: 'blocked' }, ['blocked', 'bloque', 'filtre', 'geblokkeerd', 'blockiert', 'gesperrt']],
  [
    { status: 'failed' },
    [
      'failed',
      'failure',
      'error',
      'congestion',
      'echec',
      'echoue',
      'erreur',
      'mislukt',
      'fout',
      'fehlgeschlagen',
      'fehler',
    ],
  ],
];

const NOT_CALL_WORDS = ['sms', 'mms', 'sms/mms', 'texto', 'data', 'internet', 'internet mobile', 'gprs'];

/** Words that say nothing by themselves (`appel`, `call`), skipped when reading word by word. */
const NEUTRAL = new Set([
  'appel',
  'appels',
  'call',
  'calls',
  'anruf',
  'anrufe',
  'oproep',
  'gesprek',
  'de',
  '-',
]);

/** Lower case, no accents, `_`/`-`/`/` between words as spaces, single spaces. */
export function normalizeWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[_\s]+|\s*-\s*/g, ' ')
    .trim();
}

const WORDS = new Map<string, CallWord>();
for (const [meaning, words] of ENTRIES) for (const w of words) WORDS.set(normalizeWord(w), meaning);
for (const w of NOT_CALL_WORDS) WORDS.set(w, { notCall: w });

/** Multi-word entries, longest first, for phrases inside a longer text. */
const PHRASES = [...WORDS.keys()].filter((w) => w.includes(' ')).sort((a, b) => b.length - a.length);

/** Meaning of a word or phrase, or undefined when it says nothing cdrscope knows. Not cached. */
export function lookupCallWord(text: string): CallWord | undefined {
  let rest = normalizeWord(text);
  if (rest === '') return undefined;
  const exact = WORDS.get(rest);
  if (exact !== undefined) return exact;
  const found: CallWord[] = [];
  for (const p of PHRASES) {
    const at = ` ${rest} `.indexOf(` ${p} `);
    if (at >= 0) {
      found.push(WORDS.get(p)!);
      rest = `${rest.slice(0, at)} ${rest.slice(at + p.length)}`.trim();
    }
  }
  for (const token of rest.split(/[\s,;:()/.]+/)) {
    if (token === '' || NEUTRAL.has(token)) continue;
    const m = WORDS.get(token);
    if (m !== undefined) found.push(m);
  }
  if (found.length === 0) return undefined;
  const merged: CallWord = {};
  for (const m of found) {
    if (m.notCall) return m;
    // The first word that names a status or a direction wins: `manqué, rappelé` stays missed.
    if (m.status !== undefined && merged.status === undefined) merged.status = m.status;
    if (m.direction !== undefined && merged.direction === undefined) merged.direction = m.direction;
  }
  return merged;
}

/** Distinct byte values a column's byte cache keeps (a status column holds a handful). */
const BYTE_WORDS = 64;

/** Per-column reader: caches the meaning of each distinct raw value. */
export class CallWordReader {
  private readonly cache = new Map<string, CallWord | null>();
  /** The byte reader's cache: distinct values as bytes, and their meaning (null: none). */
  private readonly byteValues: Uint8Array[] = [];
  private readonly byteWords: (CallWord | null)[] = [];

  /**
   * `read` of the ASCII bytes `[from, to)` of a line (not empty): the same meaning as `read` of that
   * text, without making the string once the value has been seen.
   */
  readBytes(buf: Buffer, from: number, to: number): CallWord | undefined {
    const n = to - from;
    const values = this.byteValues;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v.length !== n) continue;
      let i = 0;
      while (i < n && v[i] === buf[from + i]) i++;
      if (i === n) return this.byteWords[k] ?? undefined;
    }
    const word = this.read(buf.toString('latin1', from, to));
    if (values.length < BYTE_WORDS) {
      // A copy: the line's chunk is not kept alive, nor read again once the stream reuses it.
      values.push(new Uint8Array(buf.subarray(from, to)));
      this.byteWords.push(word ?? null);
    }
    return word;
  }

  read(raw: string): CallWord | undefined {
    let m = this.cache.get(raw);
    if (m === undefined) {
      m = lookupCallWord(raw) ?? null;
      // A column of free text could hold millions of distinct values; keep the cache bounded.
      if (this.cache.size < 10_000) this.cache.set(raw, m);
    }
    return m ?? undefined;
  }
}
