/**
 * Header rows -> canonical fields: the alias tables of the generic reader (French, English, Dutch,
 * German column names) and the helpers the header-based formats share to match a header, apply
 * `--map`, and describe what was found.
 *
 * Header names are compared normalised: lower case, without accents, without a bracketed suffix
 * (`Durée (s)`, `Start time (UTC)`: the bracket is read separately for its unit or zone), and without
 * anything that is not a letter or a digit (`Date/Heure`, `start_time`, `Call Start` all compare by
 * their letters). Each alias list is in order of preference: when two columns match one field, the
 * one with the earlier alias wins (`Billsec` over `Duration`).
 */
import { UserError } from '../errors.js';

/** Canonical fields a column can be mapped to (`--map field=column`). */
export const MAP_FIELDS = [
  'start',
  'date',
  'time',
  'caller',
  'callee',
  'number',
  'duration',
  'status',
  'direction',
  'callerName',
  'attestation',
  'end',
] as const;
export type MapField = (typeof MAP_FIELDS)[number];

/** A source column: its 0-based index and its name as written (or `#3` when there is no header). */
export interface Column {
  index: number;
  name: string;
}

/** Normalised form of a header name, for comparison. */
export function normHeader(name: string): string {
  return name
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '');
}

export interface HeaderHints {
  /** Seconds a bare number in this column stands for, when the header names a unit. */
  unit?: number;
  /** The header says its times are UTC (`Start time (UTC)`). */
  utc?: boolean;
}

const MINUTES_HINT = /\b(min|mins|minutes|mn|minuten)\b/i;
const SECONDS_HINT = /\b(s|sec|secs|seconds|secondes|sek|sekunden|seconden)\b/i;
const MS_HINT = /\b(ms|millis|milliseconds|millisecondes)\b/i;
const UTC_HINT = /\b(utc|gmt)\b/i;

/** Unit and zone hints in a header name: `Durée (min)`, `Duration in seconds`, `Start time (UTC)`. */
export function headerHints(name: string): HeaderHints {
  const hints: HeaderHints = {};
  if (MS_HINT.test(name)) hints.unit = 0.001;
  else if (MINUTES_HINT.test(name) && !SECONDS_HINT.test(name)) hints.unit = 60;
  else if (SECONDS_HINT.test(name)) hints.unit = 1;
  if (UTC_HINT.test(name)) hints.utc = true;
  return hints;
}

/**
 * Column names of the generic reader, normalised when the table is built. `caller`/`callee` are the two
 * sides of a call; `number` is "the other party" of a subscriber's own log or bill, read with the
 * direction column. A file with only a callee-like column (`Numéro appelé`) lists calls the
 * subscriber placed; with only a caller-like one (`Appelant`), calls received.
 */
export const GENERIC_ALIASES: Record<MapField, readonly string[]> = {
  start: [
    'start',
    'starttime',
    'startdatetime',
    'startdate',
    'callstart',
    'callstarttime',
    'calldatetime',
    'calldate',
    'datetime',
    'dateandtime',
    'datetimeofcall',
    'timestamp',
    'begin',
    'begintime',
    'beginning',
    'setuptime',
    'debut',
    'datedebut',
    'datedebutappel',
    'dateetheure',
    'dateheure',
    'dateheuredebut',
    'datedelappel',
    'dateappel',
    'horodatage',
    'datumtijd',
    'datumentijd',
    'tijdstip',
    'starttijd',
    'begintijd',
    'datumuhrzeit',
    'datumunduhrzeit',
    'zeitpunkt',
    'zeitstempel',
    'beginn',
    'startzeit',
    'anrufzeit',
    'verbindungsbeginn',
  ],
  date: ['date', 'day', 'jour', 'datum', 'tag', 'dag'],
  time: [
    'time',
    'heure',
    'heuredebut',
    'heuredappel',
    'heureappel',
    'tijd',
    'uur',
    'uhrzeit',
    'zeit',
    'hour',
  ],
  caller: [
    'caller',
    'callernumber',
    'callerid',
    'calling',
    'callingnumber',
    'callingparty',
    'callingpartynumber',
    'from',
    'fromnumber',
    'src',
    'source',
    'sourcenumber',
    'origin',
    'originator',
    'anumber',
    'ani',
    'cli',
    'appelant',
    'numeroappelant',
    'numerodelappelant',
    'emetteur',
    'numeroemetteur',
    'numerosource',
    'origine',
    'de',
    'beller',
    'bellernummer',
    'nummerbeller',
    'van',
    'vannummer',
    'anrufer',
    'anrufernummer',
    'rufnummeranrufer',
    'anummer',
    'von',
    'quelle',
    'absender',
  ],
  callee: [
    'callee',
    'calleenumber',
    'called',
    'callednumber',
    'calledparty',
    'calledpartynumber',
    'to',
    'tonumber',
    'dst',
    'destination',
    'destinationnumber',
    'dialed',
    'dialednumber',
    'dialled',
    'diallednumber',
    'bnumber',
    'appele',
    'numeroappele',
    'numerocompose',
    'destinataire',
    'numerodestinataire',
    'numerodestination',
    'a',
    'vers',
    'gebeld',
    'gebeldnummer',
    'gekozennummer',
    'naar',
    'naarnummer',
    'angerufen',
    'angerufenenummer',
    'zielrufnummer',
    'zielnummer',
    'gewahltenummer',
    'ziel',
    'bnummer',
    'an',
    'nach',
  ],
  number: [
    'number',
    'phonenumber',
    'phone',
    'telephone',
    'telephonenumber',
    'correspondent',
    'otherparty',
    'remotenumber',
    'remoteparty',
    'contactnumber',
    'numero',
    'numerodetelephone',
    'numerotelephone',
    'tel',
    'correspondant',
    'numerocorrespondant',
    'numeroducorrespondant',
    'interlocuteur',
    'nummer',
    'telefoonnummer',
    'telefonnummer',
    'rufnummer',
    'gegenstelle',
    'gesprekspartner',
    'gesprachspartner',
  ],
  duration: [
    // Talk time first: a file with both talk time and ring+talk time is read by its talk time.
    'billsec',
    'billseconds',
    'talktime',
    'talkduration',
    'conversationduration',
    'billableduration',
    'billedduration',
    'billabletime',
    'billableseconds',
    'dureeconversation',
    'dureedeconversation',
    'dureedelaconversation',
    'dureecommunication',
    'dureedecommunication',
    'dureefacturee',
    'gespreksduur',
    'gesprachsdauer',
    'verbindungsdauer',
    'duration',
    'durationseconds',
    'durationsec',
    'durationsecs',
    'durationinseconds',
    'durationins',
    'callduration',
    'length',
    'calllength',
    'duree',
    'dureeappel',
    'dureedelappel',
    'dureeens',
    'temps',
    'duur',
    'tijdsduur',
    'belduur',
    'dauer',
    'anrufdauer',
    'zeitdauer',
  ],
  status: [
    'status',
    'callstatus',
    'result',
    'callresult',
    'disposition',
    'outcome',
    'statut',
    'statutappel',
    'etat',
    'resultat',
    'issue',
    'toestand',
    'resultaat',
    'uitkomst',
    'ergebnis',
    'anrufstatus',
    'zustand',
  ],
  direction: [
    'direction',
    'calldirection',
    'inout',
    'type',
    'calltype',
    'typeofcall',
    'sens',
    'sensappel',
    'sensdelappel',
    'typedappel',
    'typeappel',
    'typedecommunication',
    'richting',
    'soort',
    'soortoproep',
    'typeoproep',
    'richtung',
    'anruftyp',
    'anrufart',
    'art',
  ],
  callerName: [
    'callername',
    'name',
    'contactname',
    'contact',
    'displayname',
    'cnam',
    'nom',
    'nomappelant',
    'nomducontact',
    'nomcontact',
    'naam',
    'naamcontact',
    'contactnaam',
    'kontakt',
    'kontaktname',
    'anrufername',
  ],
  attestation: [
    'attestation',
    'attest',
    'attestationindicator',
    'attestationlevel',
    'verstat',
    'stirshaken',
    'shakenattestation',
    'stirattestation',
  ],
  end: [
    'end',
    'endtime',
    'enddatetime',
    'enddate',
    'callend',
    'hanguptime',
    'hangup',
    'stoptime',
    'fin',
    'datefin',
    'heurefin',
    'dateheurefin',
    'einde',
    'eindtijd',
    'ende',
    'endzeit',
    'verbindungsende',
  ],
};

/** Header matcher built once per alias table. */
export class AliasTable<F extends string> {
  private readonly byAlias = new Map<string, { field: F; rank: number }>();

  constructor(aliases: Readonly<Record<F, readonly string[]>>) {
    for (const field of Object.keys(aliases) as F[]) {
      aliases[field].forEach((alias, rank) => {
        const key = normHeader(alias);
        const prev = this.byAlias.get(key);
        if (prev) throw new Error(`column alias "${alias}" listed for both ${prev.field} and ${field}`);
        this.byAlias.set(key, { field, rank });
      });
    }
  }

  /** Field of one header name, if any. */
  fieldOf(name: string): F | undefined {
    return this.byAlias.get(normHeader(name))?.field;
  }

  /** Best column per field; columns in `taken` are left out. */
  match(header: readonly string[], taken?: ReadonlySet<number>): Partial<Record<F, Column>> {
    const out: Partial<Record<F, Column>> = {};
    const ranks: Partial<Record<F, number>> = {};
    header.forEach((name, index) => {
      if (taken?.has(index)) return;
      const hit = this.byAlias.get(normHeader(name));
      if (!hit) return;
      const prev = ranks[hit.field];
      if (prev === undefined || hit.rank < prev) {
        out[hit.field] = { index, name: name.trim() };
        ranks[hit.field] = hit.rank;
      }
    });
    return out;
  }
}

export const GENERIC_TABLE = new AliasTable<MapField>(GENERIC_ALIASES);

/**
 * `--map field=column` -> columns. A column is a header name (exact, then compared normalised) or a
 * 1-based column number. Unknown fields and columns that are not in the file are the user's mistake.
 */
export function columnsFromMap(
  header: readonly string[] | null,
  map: Readonly<Record<string, string>> | undefined,
  path: string,
): Partial<Record<MapField, Column>> {
  const out: Partial<Record<MapField, Column>> = {};
  if (!map) return out;
  for (const [field, ref] of Object.entries(map)) {
    if (!(MAP_FIELDS as readonly string[]).includes(field)) {
      throw new UserError('BAD_OPTION', `--map: unknown field "${field}" (fields: ${MAP_FIELDS.join(', ')})`);
    }
    const col = findColumn(header, ref);
    if (col === undefined) {
      const found = header ? `the columns are ${listColumns(header)}` : 'the file has no header row';
      throw new UserError(
        'BAD_OPTION',
        `${path}: --map ${field}=${ref}: no such column (${found}; a column is a header name or a number from 1)`,
      );
    }
    out[field as MapField] = col;
  }
  return out;
}

function findColumn(header: readonly string[] | null, ref: string): Column | undefined {
  const want = ref.trim();
  if (header) {
    let i = header.findIndex((h) => h.trim() === want);
    if (i < 0) i = header.findIndex((h) => h.trim().toLowerCase() === want.toLowerCase());
    if (i < 0 && normHeader(want) !== '') i = header.findIndex((h) => normHeader(h) === normHeader(want));
    if (i >= 0) return { index: i, name: header[i].trim() };
  }
  if (/^\d+$/.test(want)) {
    const index = +want - 1;
    if (index < 0 || (header && index >= header.length)) return undefined;
    return { index, name: header ? header[index].trim() : `#${index + 1}` };
  }
  return undefined;
}

/** `"Pays", "Tarif", "Unité"`: the header as users see it, for messages. */
export function listColumns(header: readonly string[]): string {
  const names = header.map((h) => h.trim()).filter((h) => h !== '');
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, 12).map((h) => `"${h.length > 40 ? `${h.slice(0, 40)}…` : h}"`);
  return names.length > 12 ? `${shown.join(', ')} and ${names.length - 12} more` : shown.join(', ');
}

/** Normalised header cells, for quick set tests in sniffers. */
export function headerSet(fields: readonly string[]): Set<string> {
  return new Set(fields.map(normHeader));
}

/** Text of a cell that looks like a date (`01/03/2024`, `2024-03-01`, `17.09.2018`). */
export const DATE_LIKE = /\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;
/** A time of day (`14:05`, `14h05`). */
export const TIME_LIKE = /\d{1,2}[:hH]\d{2}/;

/** A time followed by a zone: `14:05:09Z`, `14:05 +0000`, `14:05:09.5+02:00`, `14:05 UTC`. */
const TIME_WITH_ZONE = /\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)\s*$/i;

/** A timestamp from a column the source declares UTC: `Z` is added unless it names its zone. */
export function asUtc(text: string): string {
  const v = text.trim();
  return v === '' || TIME_WITH_ZONE.test(v) ? v : `${v}Z`;
}
