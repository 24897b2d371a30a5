import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createFormatContext } from '../../src/formats/context.js';
import { generic } from '../../src/formats/generic.js';
import { DROPPED, isRecord, type RowIssue } from '../../src/formats/types.js';
import { type CallRecord, NO_ID } from '../../src/records/record.js';
import { lookupCallWord } from '../../src/records/status-words.js';
import { Clock } from '../../src/records/time.js';
import type { ReadRecord } from '../helpers.js';
import { FIXTURES, readAll } from '../helpers.js';

const DIR = `${FIXTURES}formats/generic/`;
const clock = new Clock('Europe/Paris');

/** Records as compact rows: ISO start (Paris), line, caller, callee, duration, status, direction. */
function rows(records: ReadRecord[]): (string | number)[][] {
  return records.map((r) => [
    clock.iso(r.start),
    r.line,
    r.caller,
    r.callee,
    r.duration,
    r.status,
    r.direction,
  ]);
}

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('generic: French operator export (preamble, subtotals, words, broken rows)', () => {
  it('reads the calls, skips non-data lines and rejects the two broken rows', async () => {
    const { records, summary } = await readAll(`${DIR}fr-operateur.csv`);
    expect(summary.format).toBe('generic');
    expect(summary.delimiter).toBe(';');
    expect(summary.encoding).toBe('utf-8');
    expect(summary.headerLine).toBe(5);
    expect(rows(records)).toEqual([
      ['2024-03-01T09:15:02+01:00', 6, '+33612345601', '', 83, 'answered', 'in'],
      ['2024-03-01T10:02:00+01:00', 7, '', '+33140000002', 12.5, 'answered', 'out'],
      ['2024-03-02T18:30:00+01:00', 8, '+33612345603', '', 0, 'missed', 'in'],
      ['2024-03-02T19:00:10+01:00', 9, 'withheld', '', 0, 'voicemail', 'in'],
      // "Occupé" with "1 min 23 s": unanswered calls have no talk time.
      ['2024-03-05T08:00:00+01:00', 11, '', '+33140000004', 0, 'busy', 'out'],
      // Empty status: answered because it has talk time.
      ['2024-03-13T21:45:00+01:00', 14, '+33612345606', '', 125, 'answered', 'in'],
    ]);
    expect(records[0].callerName).toBe('Dupont Jean');
    expect(records[1].callerName).toBeUndefined();
    expect(summary.rows).toBe(6);
    expect(summary.rejected).toBe(2);
    expect(summary.rejections).toEqual([
      { line: 12, reason: 'unreadable date "31/02/2024 10:00" in column "Date et heure"' },
      { line: 13, reason: 'no phone number in column "Numéro"' },
    ]);
    expect(summary.skipped).toBe(5);
    expect(summary.skips).toEqual([
      { line: 1, reason: 'preamble line before the header' },
      { line: 2, reason: 'preamble line before the header' },
      { line: 3, reason: 'preamble line before the header' },
      { line: 10, reason: 'subtotal or total line ("Sous-total semaine 1")' },
      { line: 15, reason: 'subtotal or total line ("Total")' },
    ]);
    expect(summary.mapping).toEqual({
      start: 'Date et heure (dd/MM/yyyy)',
      number: 'Numéro',
      caller: 'Numéro if incoming, else owner (not given)',
      callee: 'Numéro if outgoing, else owner (not given)',
      duration: 'Durée',
      status: 'Statut, else from duration',
      direction: 'Sens',
      callerName: 'Nom',
    });
  });

  it("puts --owner on the subscriber's side", async () => {
    const { records, summary } = await readAll(`${DIR}fr-operateur.csv`, { owner: '+33 6 12 34 56 00' });
    expect(records.map((r) => [r.caller, r.callee, r.direction])).toEqual([
      ['+33612345601', '+33612345600', 'in'],
      ['+33612345600', '+33140000002', 'out'],
      ['+33612345603', '+33612345600', 'in'],
      ['withheld', '+33612345600', 'in'],
      ['+33612345600', '+33140000004', 'out'],
      ['+33612345606', '+33612345600', 'in'],
    ]);
    expect(summary.mapping.caller).toBe('Numéro if incoming, else +33612345600');
  });

  it('makes the first rejected row fatal under --strict, naming file and line', async () => {
    const err = await userError(readAll(`${DIR}fr-operateur.csv`, { strict: true }));
    expect(err.code).toBe('ROW_REJECTED');
    expect(err.message).toContain(
      'fr-operateur.csv:12: rejected (--strict): unreadable date "31/02/2024 10:00"',
    );
  });
});

describe('generic: English comma CSV with ISO timestamps', () => {
  it('reads offsets, Z, local times (DST gap moved forward) and prefers talk time', async () => {
    const { records, summary } = await readAll(`${DIR}en-calls.csv`);
    expect(summary.delimiter).toBe(',');
    expect(summary.headerLine).toBe(1);
    expect(rows(records)).toEqual([
      ['2024-03-01T09:15:02+01:00', 2, '+33140000010', '+33612345610', 30, 'answered', 'in'],
      ['2024-03-01T09:20:00+01:00', 3, '+33140000011', '+33612345610', 0, 'missed', 'in'],
      ['2024-03-01T10:00:00+01:00', 4, '+33612345610', '+33140000012', 62, 'answered', 'out'],
      ['2024-03-02T23:59:59+01:00', 5, 'withheld', '+33612345610', 0, 'busy', 'in'],
      ['2024-03-31T03:30:00+02:00', 6, '+442079460001', '+33612345610', 0, 'failed', 'in'],
    ]);
    expect(records[3].start % 1000).toBe(500);
    expect(records[0].callerName).toBe('Martin, Paul');
    expect(records.map((r) => r.attestation)).toEqual([
      'TN-Validation-Passed',
      'TN-Validation-Failed',
      undefined,
      'No-TN-Validation',
      undefined,
    ]);
    expect(summary.mapping).toEqual({
      start: 'Start Time (yyyy-MM-dd)',
      caller: 'From',
      callee: 'To',
      duration: 'Billsec',
      status: 'Status, else from duration',
      direction: 'Direction',
      callerName: 'Caller Name',
      attestation: 'verstat',
    });
  });

  it('lets --map override the detected columns', async () => {
    const { records, summary } = await readAll(`${DIR}en-calls.csv`, {
      map: { duration: 'duration', caller: 'To', callee: '2' },
    });
    expect(summary.mapping.duration).toBe('Duration');
    expect(summary.mapping.caller).toBe('To');
    expect(summary.mapping.callee).toBe('From');
    expect(records.map((r) => [r.caller, r.callee, r.duration])).toEqual([
      ['+33612345610', '+33140000010', 45],
      ['+33612345610', '+33140000011', 0],
      ['+33140000012', '+33612345610', 65],
      ['+33612345610', 'withheld', 0],
      ['+33612345610', '+442079460001', 0],
    ]);
  });

  it('refuses a --map naming a column or a field that does not exist', async () => {
    const noColumn = await userError(readAll(`${DIR}en-calls.csv`, { map: { duration: 'Talk' } }));
    expect(noColumn.code).toBe('BAD_OPTION');
    expect(noColumn.message).toContain('--map duration=Talk: no such column');
    expect(noColumn.message).toContain('"Start Time", "From", "To"');
    const noField = await userError(readAll(`${DIR}en-calls.csv`, { map: { price: '3' } }));
    expect(noField.code).toBe('BAD_OPTION');
    expect(noField.message).toContain('unknown field "price"');
    const outOfRange = await userError(readAll(`${DIR}en-calls.csv`, { map: { start: '10' } }));
    expect(outOfRange.message).toContain('--map start=10: no such column');
  });

  it('reads a .gz copy the same way', async () => {
    const plain = await readAll(`${DIR}en-calls.csv`);
    const gz = await readAll(`${DIR}en-calls.csv.gz`);
    expect(gz.records).toEqual(plain.records);
    expect(gz.summary.encoding).toBe('utf-8');
    expect(gz.summary.rows).toBe(5);
  });
});

describe('generic: Dutch and German exports', () => {
  it('reads a Dutch log: date and time columns, NL words, 1h02m', async () => {
    const { records, summary } = await readAll(`${DIR}nl-gesprekken.csv`, { country: 'NL' });
    expect(summary.mapping.start).toBe('Datum + Tijd (dd/MM/yyyy)');
    expect(rows(records)).toEqual([
      ['2024-09-02T18:00:05+02:00', 2, '+31612345601', '', 45, 'answered', 'in'],
      ['2024-09-02T18:05:00+02:00', 3, '+31612345602', '', 0, 'missed', 'in'],
      ['2024-09-03T09:10:00+02:00', 4, '', '+31101234567', 3720, 'answered', 'out'],
      ['2024-09-03T09:30:00+02:00', 5, '', '+31612345603', 0, 'busy', 'out'],
    ]);
  });

  it('reads a German list: dd.MM.yyyy, DE words, "2 Min. 5 Sek.", a Summe line', async () => {
    const { records, summary } = await readAll(`${DIR}de-anrufliste.csv`, { country: 'DE' });
    expect(rows(records)).toEqual([
      ['2024-09-17T21:58:22+02:00', 2, '+4915123456701', '', 125, 'answered', 'in'],
      ['2024-09-17T22:10:00+02:00', 3, '+4915123456702', '', 0, 'missed', 'in'],
      ['2024-09-18T08:00:00+02:00', 4, '', '+49301234567', 0, 'busy', 'out'],
      ['2024-09-18T08:05:00+02:00', 5, '', '+49301234567', 125, 'answered', 'out'],
      ['2024-09-18T09:00:00+02:00', 6, '+4915123456703', '', 0, 'rejected', 'in'],
    ]);
    expect(summary.skips).toEqual([{ line: 7, reason: 'subtotal or total line ("Summe")' }]);
  });
});

describe('generic: Belgian export with --country BE', () => {
  it('normalises 0471/23.45.67 numbers and skips SMS rows', async () => {
    const { records, summary } = await readAll(`${DIR}be-appels.csv`, { country: 'BE' });
    expect(rows(records)).toEqual([
      ['2024-03-04T08:15:00+01:00', 2, '', '+32471234567', 190, 'answered', 'out'],
      ['2024-03-04T12:40:00+01:00', 3, '+3221234567', '', 45, 'answered', 'in'],
      // "Manqué" in the Type column: incoming and missed.
      ['2024-03-05T17:05:00+01:00', 4, '+32471234568', '', 0, 'missed', 'in'],
    ]);
    expect(summary.skips).toEqual([{ line: 5, reason: 'not a call (SMS)' }]);
    expect(summary.mapping.status).toBe('(words in Type, else from duration)');
    expect(summary.mapping.direction).toBe('Type');
  });
});

describe('generic: date and time in two columns (Excel style)', () => {
  it('joins the date cell (midnight) and the time cell (1899-12-30), minutes from the header', async () => {
    const { records, summary } = await readAll(`${DIR}date-time-columns.csv`);
    expect(rows(records)).toEqual([
      ['2024-03-01T09:15:00+01:00', 2, '+33612345620', '+33140000020', 90, 'answered', 'unknown'],
      ['2024-03-01T23:59:30+01:00', 3, '+33612345621', '+33140000020', 0, 'missed', 'unknown'],
      ['2024-03-13T07:05:00+01:00', 4, '+33140000020', '+33612345620', 600, 'answered', 'unknown'],
    ]);
    expect(summary.mapping).toEqual({
      start: 'Date + Heure (dd/MM/yyyy)',
      caller: 'Appelant',
      callee: 'Appelé',
      duration: 'Durée (min)',
      status: '(from duration)',
      direction: '(unknown)',
    });
  });

  it('derives the direction from --owner when the file has none', async () => {
    const { records } = await readAll(`${DIR}date-time-columns.csv`, { owner: '+33140000020' });
    expect(records.map((r) => r.direction)).toEqual(['in', 'in', 'out']);
  });
});

describe('generic: encodings', () => {
  it('reads Excel "Unicode text" (UTF-16LE with BOM, tab-delimited, CRLF)', async () => {
    const { records, summary } = await readAll(`${DIR}excel-unicode.txt`);
    expect(summary.encoding).toBe('utf-16le (BOM)');
    expect(summary.delimiter).toBe('\t');
    expect(summary.mapping.number).toBe('Numéro');
    expect(rows(records)).toEqual([
      ['2024-03-01T09:15:00+01:00', 2, '+33612345630', '', 60, 'answered', 'in'],
      ['2024-03-01T09:20:00+01:00', 3, '', '+33612345631', 30, 'answered', 'out'],
      ['2024-03-02T14:00:00+01:00', 4, '+33612345632', '', 0, 'missed', 'in'],
    ]);
  });

  it('reads a Windows-1252 file with accented headers and words', async () => {
    const { records, summary } = await readAll(`${DIR}windows-1252.csv`);
    expect(summary.encoding).toBe('windows-1252');
    expect(summary.mapping.status).toBe('État, else from duration');
    expect(rows(records)).toEqual([
      ['2024-03-01T10:00:00+01:00', 2, '+33612345640', '', 12, 'answered', 'in'],
      ['2024-03-01T10:05:00+01:00', 3, '', '+33612345641', 0, 'missed', 'out'],
      ['2024-03-01T10:10:00+01:00', 4, '+33612345642', '', 0, 'failed', 'in'],
    ]);
  });
});

describe('generic: files that are not call logs', () => {
  it('refuses a price list with NOT_CDR, naming the file, the columns and --map', async () => {
    const err = await userError(readAll(`${DIR}tarifs.csv`));
    expect(err.code).toBe('NOT_CDR');
    expect(err.message).toBe(
      `${DIR}tarifs.csv: not a call log cdrscope can read: the file has the columns "Pays", "Tarif", "Unité", but none for the date and time of the call nor for a phone number (caller, callee or number); name them with --map (e.g. --map start=Date,caller=From,callee=To, or column numbers from 1).`,
    );
  });

  it('says a header-only file has no rows', async () => {
    const err = await userError(readAll(`${DIR}header-only.csv`));
    expect(err.code).toBe('INPUT_NO_ROWS');
    expect(err.message).toBe(`${DIR}header-only.csv: no call rows found (only a header; format generic)`);
  });

  it('reads a headerless file with --map by column number', async () => {
    const { records, summary } = await readAll(`${DIR}headerless.csv`, {
      format: 'generic',
      map: { start: '1', caller: '2', callee: '3', duration: '4' },
    });
    expect(summary.headerLine).toBeNull();
    expect(summary.mapping.start).toBe('#1 (yyyy-MM-dd)');
    expect(rows(records)).toEqual([
      ['2024-03-01T09:00:00+01:00', 1, '+33612345650', '+33140000050', 30, 'answered', 'unknown'],
      ['2024-03-01T09:05:00+01:00', 2, '+33612345651', '+33140000050', 0, 'missed', 'unknown'],
    ]);
  });

  it('refuses a headerless file without --map', async () => {
    const err = await userError(readAll(`${DIR}headerless.csv`, { format: 'generic' }));
    expect(err.code).toBe('NOT_CDR');
    expect(err.message).toContain('has no header row naming its columns');
  });
});

describe('generic.sniff', () => {
  const sample = (lines: string[], delimiter = ';') => ({
    name: 'x.csv',
    delimiter,
    rows: lines.map((l, i) => ({ fields: l.split(delimiter), line: i + 1 })),
  });

  it('finds the header after a preamble', () => {
    expect(
      generic.sniff(
        sample([
          'Relevé',
          'Compte;123',
          '',
          'Date;Heure;Numéro appelé;Durée',
          '01/03/2024;10:00;0612345678;12',
        ]),
      ),
    ).toEqual({ score: 0.5, headerLine: 4 });
  });

  it('gives a header-like row a near-zero score when it names no date and number', () => {
    expect(generic.sniff(sample(['Pays;Tarif;Unité', 'France;0,12;min']))).toEqual({
      score: 0.01,
      headerLine: 1,
    });
    expect(generic.sniff(sample(['2024-03-01;0612345678;12']))).toEqual({ score: 0, headerLine: null });
  });
});

describe('generic reader, row by row', () => {
  const ctx = createFormatContext({});
  const open = (header: string[], data: string[][] = [], c = ctx) => generic.open(header, data, c, 'x.csv');
  const issue = (x: CallRecord | RowIssue): RowIssue => {
    if (isRecord(x)) throw new Error('expected an issue');
    return x;
  };
  const record = (x: CallRecord | RowIssue): CallRecord => {
    if (!isRecord(x)) throw new Error(`expected a record: ${x.reason}`);
    return x;
  };

  it('derives the duration from an end time (ring + talk), crossing midnight', () => {
    const reader = open(
      ['Date', 'Heure début', 'Heure fin', 'Appelant', 'Appelé'],
      [['31/12/2024', '23:59:00', '00:01:30']],
    );
    expect(reader.mapping.duration).toBe('Heure fin - start (includes ringing)');
    const r = record(reader.read(['31/12/2024', '23:59:00', '00:01:30', '0612345678', '0140000000'], 2, 0));
    expect(r.duration).toBe(150);
    expect(r.status).toBe('answered');
    expect(clock.iso(r.start)).toBe('2024-12-31T23:59:00+01:00');
  });

  it('reads a start declared UTC by its header', () => {
    const reader = open(['Start time (UTC)', 'Caller', 'Callee'], [['2024-03-01 08:00:00', '1', '2']]);
    expect(reader.mapping.start).toBe('Start time (UTC) (yyyy-MM-dd, UTC)');
    const r = record(reader.read(['2024-03-01 08:00:00', '+33612345678', '+33140000000'], 2, 0));
    expect(new Date(r.start).toISOString()).toBe('2024-03-01T08:00:00.000Z');
    const offset = record(reader.read(['2024-03-01 08:00:00+01:00', '+33612345678', '+33140000000'], 3, 0));
    expect(new Date(offset.start).toISOString()).toBe('2024-03-01T07:00:00.000Z');
  });

  it('reads month-first dates for a US file', () => {
    const us = createFormatContext({ country: 'US' });
    const reader = open(['Date', 'From', 'To'], [['03/04/2024 1:05 PM']], us);
    expect(reader.mapping.start).toBe('Date (MM/dd/yyyy)');
    expect(
      clock.iso(record(reader.read(['03/04/2024 1:05 PM', '2025550123', '2025550124'], 2, 0)).start),
    ).toBe('2024-03-04T13:05:00+01:00');
  });

  it('tells skipped lines from rejected rows', () => {
    const reader = open(['Date', 'Numéro', 'Durée', 'Statut']);
    expect(issue(reader.read(['Date', 'Numéro', 'Durée', 'Statut'], 9, 0))).toEqual({
      reason: 'repeated header line',
      skipped: true,
    });
    expect(issue(reader.read(['', '', '', ''], 10, 0))).toEqual({ reason: 'empty row', skipped: true });
    expect(issue(reader.read(['Nombre d’appels : 12'], 11, 0))).toEqual({
      reason: 'text line, not a call row ("Nombre d’appels : 12")',
      skipped: true,
    });
    expect(issue(reader.read(['Totaal', '', '00:10:00', ''], 12, 0))).toEqual({
      reason: 'subtotal or total line ("Totaal")',
      skipped: true,
    });
    expect(issue(reader.read(['01/03/2024 10:00', '0612345678'], 13, 0))).toEqual({
      reason: 'only 2 fields where 4 are needed',
    });
    expect(issue(reader.read(['', '0612345678', '5', ''], 14, 0))).toEqual({
      reason: 'no date in column "Date"',
    });
    expect(issue(reader.read(['01/03/2024 10:00', '0612345678', 'beaucoup', ''], 15, 0))).toEqual({
      reason: 'unreadable duration "beaucoup" in column "Durée"',
    });
    expect(issue(reader.read(['01/03/2024 10:00', '0612345678', '', 'SMS'], 16, 0))).toEqual({
      reason: 'not a call (SMS)',
      skipped: true,
    });
  });

  it('keeps unknown status words as a duration-based status and unparsable numbers raw', () => {
    const reader = open(['Date', 'Numéro', 'Durée', 'Statut']);
    const r = record(reader.read(['01/03/2024 10:00', 'SOS Amitié', '30', 'Transféré'], 2, 7));
    expect(r).toEqual({
      start: clock.parse('2024-03-01 10:00', 'ymd'),
      caller: 'SOS Amitié',
      callerId: NO_ID,
      calleeId: NO_ID,
      callee: '',
      duration: 30,
      status: 'answered',
      direction: 'unknown',
      input: 7,
      line: 2,
    });
  });

  it('reads a file of called numbers as outgoing, and one of callers as incoming', () => {
    const owner = createFormatContext({ owner: '+33612345600' });
    const bill = open(['Date', 'Numéro appelé', 'Durée'], [], owner);
    expect(bill.mapping.direction).toBe('(out: the file lists called numbers)');
    const out = record(bill.read(['01/03/2024 10:00', '01 40 00 00 01', '1:00'], 2, 0));
    expect([out.caller, out.callee, out.direction]).toEqual(['+33612345600', '+33140000001', 'out']);
    const log = open(['Date', 'Appelant', 'Durée'], [], owner);
    const inc = record(log.read(['01/03/2024 10:00', '01 40 00 00 01', '0'], 2, 0));
    expect([inc.caller, inc.callee, inc.direction, inc.status]).toEqual([
      '+33140000001',
      '+33612345600',
      'in',
      'missed',
    ]);
  });

  it('lets --map on one time field replace the detection of the others', () => {
    const mapped = createFormatContext({ map: { date: 'Jour', time: 'Début' } });
    const reader = open(['Date', 'Jour', 'Début', 'Caller', 'Callee'], [], mapped);
    expect(reader.mapping.start).toBe('Jour + Début (dd/MM/yyyy)');
    const r = record(reader.read(['01/01/2020', '02/03/2024', '10:30', '0612345678', '0140000000'], 2, 0));
    expect(clock.iso(r.start)).toBe('2024-03-02T10:30:00+01:00');
  });

  it('says what is missing when only numbers are found', () => {
    expect(() => open(['Numéro', 'Durée'])).toThrow(
      /none for the date and time of the call; name them with --map/,
    );
  });
});

describe('status and direction words', () => {
  it('knows FR, EN, NL and DE words, with or without accents', () => {
    expect(lookupCallWord('Manqué')).toEqual({ direction: 'in', status: 'missed' });
    expect(lookupCallWord('MANQUE')).toEqual({ direction: 'in', status: 'missed' });
    expect(lookupCallWord('Reçu')).toEqual({ direction: 'in', status: 'answered' });
    expect(lookupCallWord('Émis')).toEqual({ direction: 'out' });
    expect(lookupCallWord('Non répondu')).toEqual({ status: 'missed' });
    expect(lookupCallWord('no-answer')).toEqual({ status: 'missed' });
    expect(lookupCallWord('Messagerie vocale')).toEqual({ status: 'voicemail' });
    expect(lookupCallWord('uitgaand')).toEqual({ direction: 'out' });
    expect(lookupCallWord('gemist')).toEqual({ direction: 'in', status: 'missed' });
    expect(lookupCallWord('Besetzt')).toEqual({ status: 'busy' });
    expect(lookupCallWord('abgewiesen')).toEqual({ status: 'rejected' });
    expect(lookupCallWord('Blocked')).toEqual({ status: 'blocked' });
  });

  it('reads phrases made of known words, and leaves unknown words alone', () => {
    expect(lookupCallWord('Appel entrant - non répondu')).toEqual({ direction: 'in', status: 'missed' });
    expect(lookupCallWord('Incoming (missed)')).toEqual({ direction: 'in', status: 'missed' });
    expect(lookupCallWord('Eingehender Anruf')).toEqual({ direction: 'in' });
    expect(lookupCallWord('SMS')).toEqual({ notCall: 'sms' });
    expect(lookupCallWord('Transféré')).toBeUndefined();
    expect(lookupCallWord('')).toBeUndefined();
  });
});

describe('direction with --owner when a status word suggests one', () => {
  it('an unanswered call placed by the owner is outgoing, even if its status reads "Manqué"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdrscope-generic-'));
    const file = join(dir, 'releve.csv');
    writeFileSync(
      file,
      'Date;Heure;Appelant;Appelé;Durée;Statut\n' +
        '02/03/2026;10:00:00;02 54 00 00 01;06 12 34 56 78;00:00:00;Manqué\n' +
        '02/03/2026;11:00:00;06 12 34 56 78;02 54 00 00 01;00:00:00;Manqué\n',
    );
    const { records } = await readAll(file, { owner: '+33254000001' });
    expect(records.map((r) => [r.caller, r.callee, r.status, r.direction])).toEqual([
      ['+33254000001', '+33612345678', 'missed', 'out'],
      ['+33612345678', '+33254000001', 'missed', 'in'],
    ]);
  });
});

describe('generic reader, evidence pass (wanted)', () => {
  const subjects = new Set(['+33612345678']);
  const wanted = (a: string, b: string): boolean => subjects.has(a) || subjects.has(b);

  it('drops a row about no subject before reading its date, and reads a wanted row as usual', () => {
    const ctx = createFormatContext({});
    const header = ['Date', 'Appelant', 'Appelé', 'Durée'];
    const plain = generic.open(header, [], ctx, 'x.csv');
    const filtered = generic.open(header, [], ctx, 'x.csv', wanted);
    // A bad date would be a rejection; the row is about nobody, so it is dropped first.
    expect(filtered.read(['not a date', '+33700000001', '+33140000000', '5'], 2, 0)).toBe(DROPPED);
    const row = ['2026-03-01 10:00:00', '06 12 34 56 78', '+33140000000', '5'];
    expect(filtered.read(row, 3, 0)).toEqual(plain.read(row, 3, 0));
    const reversed = ['2026-03-01 10:00:00', '+33140000000', '+33612345678', '0'];
    expect(isRecord(filtered.read(reversed, 4, 0))).toBe(true);
  });

  it('tests the owner with the other party when the export has one number column', () => {
    const ctx = createFormatContext({ owner: '+33612345678' });
    const reader = generic.open(['Date', 'Numéro', 'Sens'], [], ctx, 'bill.csv', wanted);
    const r = reader.read(['2026-03-01 10:00:00', '0140000000', 'sortant'], 2, 0);
    expect(isRecord(r) && [r.caller, r.callee]).toEqual(['+33612345678', '+33140000000']);
    const other = generic.open(
      ['Date', 'Numéro', 'Sens'],
      [],
      createFormatContext({ owner: '+33699999999' }),
      'b.csv',
      wanted,
    );
    expect(other.read(['2026-03-01 10:00:00', '0140000000', 'sortant'], 2, 0)).toBe(DROPPED);
  });
});
