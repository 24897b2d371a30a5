import { beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../../src/detectors/types.js';
import type { Lang } from '../../src/evidence/document.js';
import { TIME_RULES } from '../../src/evidence/document.js';
import { Clock } from '../../src/records/time.js';
import {
  buildReport,
  metricValue,
  oneLine,
  type ReportInput,
  renderHtml,
  shellQuote,
  shortPeriod,
} from '../../src/report/html.js';
import {
  buildSample,
  CANDIDATES,
  FIXTURE,
  FOREIGN,
  leakedNumbers,
  OWNER,
  REPEAT_CALLER,
  ROBOCALLER,
  type Sample,
} from './sample.js';

let sample: Sample;
let page: string;

beforeAll(async () => {
  sample = await buildSample();
  page = renderHtml({
    analysis: sample.analysis,
    aggregates: sample.aggregates,
    lang: 'fr',
    redactor: sample.redactor(false),
    command: ['report', FIXTURE, '--owner', OWNER, '--out', 'dossier de preuves'],
  });
});

describe('renderHtml: a self-contained page', () => {
  it('declares the language, the charset and a policy that forbids any network access and any script', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="fr">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
  });

  it('loads nothing: no script, no external stylesheet, image or font; links only to anchors, evidence files and the reporting services', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link|<img|<iframe|@import|url\(|\ssrc=/i);
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    const external = hrefs.filter((h) => !h.startsWith('#'));
    expect(external).toEqual([
      'evidence/F004.csv',
      'https://www.33700.fr/',
      'https://www.bloctel.gouv.fr/',
      'https://jalerte.arcep.fr/',
    ]);
    expect(hrefs.filter((h) => h.startsWith('#'))).toContain('#finding-F003');
    expect(hrefs.filter((h) => h.startsWith('#'))).toContain('#leads');
  });

  it('has every section, one chart and one section per high or medium finding, and print rules for A4', () => {
    for (const id of ['summary', 'leads', 'method', 'quality', 'custody', 'where'])
      expect(page).toContain(`id="${id}"`);
    expect(page.match(/<section class="finding"/g)).toHaveLength(3);
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page).toContain('@page{size:A4');
    expect(page).toContain('.finding,section.closing{break-before:page}');
  });
});

describe('renderHtml: content', () => {
  it('summarises for a non-specialist, with a sentence when the detector gave none', () => {
    expect(page).toContain(
      'Ce rapport porte sur 95 appels lus dans 1 fichier, du lundi 23 février 2026 à 09:10 (UTC+01:00) au jeudi 5 mars 2026 à 03:49 (UTC+01:00).',
    );
    const summary = page.slice(page.indexOf('id="summary"'), page.indexOf('id="finding-F001"'));
    expect(summary).toContain('cdrscope a relevé 3 anomalies qui méritent attention :');
    expect(summary).toContain(
      '+33140000000 a reçu 30 appels en deux heures, 36 fois son niveau habituel ; appelant le plus actif +33620000007.',
    );
    expect(summary.match(/<div class="summary-item">/g)).toHaveLength(4);
    expect(summary).not.toContain('href="#finding-F004"');
    expect(summary).toContain(
      '<p><a href="#leads"><strong>Pistes de faible gravité</strong></a> <span class="sev sev-low">1</span></p>\n' +
        '<p>S’y ajoute une piste de faible gravité, à vérifier, listée dans l’annexe « Pistes de faible gravité » : 1 × Titre de repeat-caller.</p>',
    );
    const leads = page.slice(page.indexOf('id="leads"'), page.indexOf('id="method"'));
    expect(leads).toContain(
      `8 appels concernant ${REPEAT_CALLER}, du jeudi 5 mars 2026 à 01:00 (UTC+01:00) au jeudi 5 mars 2026 à 03:49 (UTC+01:00).`,
    );
  });

  it('shows the figures with readable labels and units, countries by name', () => {
    expect(page).toMatch(/<td>Fois le niveau habituel<\/td><td class="num wrap">× 36<\/td>/);
    expect(page).toMatch(/<td>Part d’appels répondus<\/td><td class="num wrap">50\u00a0%<\/td>/);
    expect(page).toMatch(/<td>Durée médiane<\/td><td class="num wrap">3 s<\/td>/);
    expect(page).toContain(
      '<td>Pays</td><td class="num wrap">Côte d’Ivoire (CI), Tunisie (TN), Lettonie (LV)</td>',
    );
  });

  it('lists the busiest numbers and the first rows with file:line and the original text', () => {
    const f001 = page.slice(page.indexOf('id="finding-F001"'), page.indexOf('id="finding-F002"'));
    expect(f001).toContain(
      '<td class="code">+33140000000</td><td class="num">30</td><td class="num">100\u00a0%</td>',
    );
    expect(f001).toContain('30 numéros distincts.');
    expect(f001).toContain('1 numéro distinct.');
    expect(f001.match(/<tr class="raw">/g)).toHaveLength(10);
    expect(f001).toContain(`<td class="code wrap">${FIXTURE}:38</td>`);
    expect(f001).toContain('2026-03-02 14:00:00,06 20 00 00 00,+33140000000,5,answered,in,&lt;script&gt;');
    expect(f001).toContain('Les 30 lignes justificatives figurent dans evidence/F001.csv');
  });

  it('escapes hostile display names', () => {
    expect(page).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(page).toContain('<td>[click](http://evil.example) | pipe</td>');
    expect(page).toContain('<td>Line1 Line2</td>');
    expect(page).toContain('<td>SPAM &lt;b&gt;CORP&lt;/b&gt;</td>');
  });

  it('method: what each detector looks for, parameters in force with their why, false alarms, references, limits', () => {
    const method = page.slice(page.indexOf('id="method"'), page.indexOf('id="quality"'));
    expect(method).toContain('<h3>Titre de call-storm <span class="note">(call-storm)</span></h3>');
    expect(method).toContain(
      '<tr><td class="code">minCalls</td><td class="num">25</td><td class="num">20</td><td>calls</td><td>Enough calls to be unusual &lt;b&gt;here&lt;/b&gt;.</td></tr>',
    );
    expect(method).toContain(
      'Modifiable avec --param call-storm.&lt;nom&gt;=&lt;valeur&gt;, ou dans un fichier --config.',
    );
    expect(method).toContain('Une fausse alerte de robocall-flood.');
    expect(method).toContain('Prasad et al., USENIX Security 2020');
    expect(method).toContain('Ce que repeat-caller ne prouve pas.');
    expect(method).toContain('n’est pas forcément celui de l’appelant');
    expect(method).toContain('01 à 05 indique une zone probable, pas une preuve');
    expect(method).not.toContain('Titre de prefix-storm <span');
    expect(method).toContain(
      '<td>Titre de prefix-storm</td><td>Ce que prefix-storm recherche.</td><td>aucun constat</td>',
    );
  });

  it('data quality and chain of custody', () => {
    const quality = page.slice(page.indexOf('id="quality"'), page.indexOf('id="custody"'));
    expect(quality).toMatch(
      /<td class="num">95<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">0<\/td>/,
    );
    const custody = page.slice(page.indexOf('id="custody"'), page.indexOf('id="where"'));
    expect(custody).toContain(`<td class="code wrap">${sample.analysis.inputs[0].sha256}</td>`);
    expect(custody).toContain(
      `cdrscope report ${FIXTURE} --owner +33140000000 --out &#39;dossier de preuves&#39;`,
    );
    expect(custody).toContain(TIME_RULES.fr.replace(/'/g, '&#39;'));
    expect(custody).toContain('<dd>Europe/Paris</dd>');
    expect(custody).toContain('mardi 10 mars 2026 à 09:30:00 (UTC+01:00)');
    expect(custody).toContain('cdrscope verify &lt;dossier&gt;');
  });

  it('where to report, from the owner’s country', () => {
    const where = page.slice(page.indexOf('id="where"'));
    expect(where).toContain('Pays de la ligne : France.');
    expect(where).toContain('33700 : spam vocal');
  });
});

describe('renderHtml in English', () => {
  it('translates everything, dates included', () => {
    const en = renderHtml({
      analysis: sample.analysis,
      aggregates: sample.aggregates,
      lang: 'en',
      redactor: sample.redactor(false),
    });
    expect(en.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(en).toContain('<h1>Call analysis report</h1>');
    expect(en).toContain(
      'from Monday 23 February 2026, 09:10 (UTC+01:00) to Thursday 5 March 2026, 03:49 (UTC+01:00)',
    );
    expect(en).toContain('<li><a href="#leads">Low-severity leads (1)</a></li>');
    expect(en).toContain(
      'In addition, it reports one low-severity lead, to be checked, listed in the annex &quot;Low-severity leads&quot;: 1 × Title of repeat-caller.',
    );
    expect(en).toContain('<td>5 Mar 2026 01:00 – 03:49 (UTC+01:00)</td>');
    expect(en).toContain(
      '<td>Countries</td><td class="num wrap">Côte d’Ivoire (CI), Tunisia (TN), Latvia (LV)</td>',
    );
    expect(en).toContain('<h2 id="summary"'.slice(0, 0));
    expect(en).not.toMatch(/Résumé|Chiffres|appels justificatifs/);
  });
});

describe('renderHtml redacted', () => {
  it('masks every third-party number and keeps the owner and the suspects', () => {
    const red = renderHtml({
      analysis: sample.analysis,
      aggregates: sample.aggregates,
      lang: 'fr',
      redactor: sample.redactor(true),
    });
    expect(leakedNumbers(red)).toEqual([]);
    for (const kept of [OWNER, ROBOCALLER, REPEAT_CALLER, FOREIGN[0], FOREIGN[2]])
      expect(red).toContain(kept);
    expect(red).toContain('appelant le plus actif +33•••••••07.');
    expect(red).toContain('Les numéros des tiers sont masqués dans cette copie');
    expect(red).toContain('<td class="code">+33•••••••00</td>');
    expect(red).not.toContain('&lt;script&gt;');
    // The scan itself finds what it looks for.
    expect(leakedNumbers(page).length).toBe(24);
  });
});

describe('buildReport', () => {
  it('gives the chart buckets as a table for text renderers', () => {
    const m = buildReport({
      analysis: sample.analysis,
      aggregates: sample.aggregates,
      lang: 'en',
      redactor: sample.redactor(false),
    });
    expect(m.findings[0].buckets.rows).toEqual([
      ['2 Mar 2026 14:00', '15'],
      ['2 Mar 2026 15:00', '15'],
    ]);
    expect(m.findings[1].tops[1].table.rows).toHaveLength(10);
    expect(m.findings.map((f) => f.id)).toEqual(['F001', 'F002', 'F003']);
    expect(m.leads).toEqual([
      {
        id: 'F004',
        anchor: 'finding-F004',
        kind: 'repeat-caller',
        title: 'Title of repeat-caller',
        subject: REPEAT_CALLER,
        period: '5 Mar 2026 01:00 – 03:49 (UTC+01:00)',
        calls: '8',
        summary: `8 calls concerning ${REPEAT_CALLER}, from Thursday 5 March 2026, 01:00 (UTC+01:00) to Thursday 5 March 2026, 03:49 (UTC+01:00).`,
        csvPath: 'evidence/F004.csv',
      },
    ]);
  });

  it('shellQuote quotes what a shell would split or expand', () => {
    expect(shellQuote('--owner')).toBe('--owner');
    expect(shellQuote('+33140000000')).toBe('+33140000000');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(rm)')).toBe("'$(rm)'");
  });
});

/** Renders the sample again with other severities (same rows, same evidence). */
async function withSeverities(
  severity: (kind: string, was: Severity) => Severity,
  lang: Lang = 'fr',
  candidates = CANDIDATES,
  redact = false,
): Promise<string> {
  const other = await buildSample({
    candidates: candidates.map((c) => ({ ...c, severity: severity(c.kind, c.severity) })),
  });
  const input: ReportInput = {
    analysis: other.analysis,
    aggregates: other.aggregates,
    lang,
    redactor: other.redactor(redact),
  };
  return renderHtml(input);
}

describe('renderHtml: low-severity findings are leads in one annex', () => {
  it('the contents list the high and medium findings and one entry for the annex, with its count', () => {
    const toc = page.slice(page.indexOf('<nav'), page.indexOf('</nav>'));
    expect(toc).toContain(
      '<li><a href="#finding-F003">F003 — Titre de rotating-foreign-callers</a> <span class="sev sev-medium">moyenne</span></li>\n' +
        '<li><a href="#leads">Pistes de faible gravité (1)</a></li>\n</ol></li>',
    );
    expect(toc).not.toContain('F004');
    expect(toc.match(/<li>/g)).toHaveLength(10);
  });

  it('lists each lead in one row with its evidence file, and its summary under it; no rows, no chart', () => {
    const leads = page.slice(page.indexOf('id="leads"'), page.indexOf('id="method"'));
    expect(leads).toContain('<h2>Pistes de faible gravité <span class="sev sev-low">1</span></h2>');
    expect(leads).toContain(
      '<tbody id="finding-F004"><tr>\n' +
        `<td class="code">F004</td><td>Titre de repeat-caller</td><td class="code">${REPEAT_CALLER}</td>\n` +
        '<td>05/03/2026 01:00 – 03:49 (UTC+01:00)</td><td class="num">8</td>\n' +
        '<td class="code"><a href="evidence/F004.csv">evidence/F004.csv</a></td>\n' +
        '</tr><tr class="sum"><td colspan="6">8 appels concernant',
    );
    expect(leads.match(/<tbody id=/g)).toHaveLength(1);
    expect(leads).not.toContain('<svg');
    // F004's rows (display name =HYPERLINK(...)) are in its CSV only.
    expect(page).not.toContain('HYPERLINK');
    // Printed, the annex starts a page and a lead's two rows stay together.
    expect(page).toContain('<section class="closing" id="leads">');
    expect(page).toContain('figure,dl.facts,.summary-item,tr,table.leads tbody{break-inside:avoid}');
  });

  it('only low findings: says so plainly, and still lists them', async () => {
    const all = await withSeverities(() => 'low');
    const summary = all.slice(all.indexOf('id="summary"'), all.indexOf('id="leads"'));
    expect(summary).toContain('<p>cdrscope n’a relevé aucune anomalie de gravité élevée ou moyenne.</p>');
    expect(summary).toContain(
      '<p>Il signale 4 pistes de faible gravité, à vérifier, listées dans l’annexe « Pistes de faible gravité » : ' +
        '1 × Titre de call-storm, 1 × Titre de robocall-flood, 1 × Titre de rotating-foreign-callers et 1 × Titre de repeat-caller.</p>',
    );
    expect(all).not.toContain('<section class="finding"');
    expect(all).not.toContain('<svg');
    expect(all).toContain(
      '<li>Constats<ol>\n<li><a href="#leads">Pistes de faible gravité (4)</a></li>\n</ol></li>',
    );
    expect(all.match(/<tbody id="finding-F00\d">/g)).toHaveLength(4);
    expect(all.match(/<a href="evidence\/F00\d\.csv">/g)).toHaveLength(4);
    // The first sentence of each summary, not the whole text.
    expect(all).toContain(
      '<td colspan="6">+33140000000 a reçu 30 appels en deux heures, 36 fois son niveau habituel ; appelant le plus actif +33620000007.</td>',
    );
  });

  it('redacted: the annex masks third-party numbers like the rest of the report', async () => {
    const red = await withSeverities(() => 'low', 'fr', CANDIDATES, true);
    expect(leakedNumbers(red)).toEqual([]);
    expect(red).toContain('appelant le plus actif +33•••••••07.</td>');
    expect(red).toContain(`<td class="code">${REPEAT_CALLER}</td>`);
  });

  it('counts the leads by kind, most frequent first', async () => {
    const en = await withSeverities((kind, was) => (kind === 'call-storm' ? was : 'low'), 'en', [
      ...CANDIDATES,
      { ...CANDIDATES[3], subject: '+33612000098' },
    ]);
    expect(en).toContain(
      'In addition, it reports 4 low-severity leads, to be checked, listed in the annex &quot;Low-severity leads&quot;: ' +
        '2 × Title of repeat-caller, 1 × Title of robocall-flood and 1 × Title of rotating-foreign-callers.',
    );
    expect(en).toContain('cdrscope found one pattern that deserves attention:');
  });

  it('no low finding: no annex; every finding has its section, rows and hostile names escaped', async () => {
    const full = await withSeverities((_, was) => (was === 'low' ? 'medium' : was));
    expect(full).not.toContain('id="leads"');
    expect(full).not.toContain('Pistes de faible gravité');
    expect(full.match(/<section class="finding"/g)).toHaveLength(4);
    expect(full).toContain('cdrscope a relevé 4 anomalies qui méritent attention :');
    expect(full).toContain('<td>=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)</td>');
  });

  it('no finding at all: the summary says so, the contents have no findings entry', async () => {
    const none = await withSeverities(() => 'low', 'fr', []);
    expect(none).toContain('cdrscope n’a relevé aucune des anomalies qu’il recherche.');
    expect(none).not.toContain('id="leads"');
    expect(none).not.toContain('<li>Constats');
  });
});

describe('report helpers', () => {
  const paris = new Clock('Europe/Paris');
  const T = (iso: string) => Date.parse(iso);

  it('shortPeriod writes the day and the offset once when they do not change', () => {
    expect(shortPeriod(T('2026-10-13T00:00:00+02:00'), T('2026-10-13T23:59:59+02:00'), paris, 'fr')).toBe(
      '13/10/2026 00:00 – 23:59 (UTC+02:00)',
    );
    expect(shortPeriod(T('2026-10-12T06:00:00+02:00'), T('2026-10-15T17:59:59+02:00'), paris, 'en')).toBe(
      '12 Oct 2026 06:00 – 15 Oct 2026 17:59 (UTC+02:00)',
    );
    // Summer time ends on 25 October 2026: both offsets are written.
    expect(shortPeriod(T('2026-10-24T22:00:00+02:00'), T('2026-10-25T09:00:00+01:00'), paris, 'fr')).toBe(
      '24/10/2026 22:00 (UTC+02:00) – 25/10/2026 09:00 (UTC+01:00)',
    );
  });

  it('oneLine keeps the first sentence, whole words and at most the limit', () => {
    expect(oneLine('A +33 number called 5 times. The number may be spoofed.')).toBe(
      'A +33 number called 5 times.',
    );
    expect(oneLine('Calls at 4.5 per hour, e.g. 01 45 00 00 03. 2 of them were answered.')).toBe(
      'Calls at 4.5 per hour, e.g. 01 45 00 00 03.',
    );
    expect(oneLine('Le 12/10/2026 06:00 (UTC+02:00) : « une sonnerie ». Les numéros…')).toBe(
      'Le 12/10/2026 06:00 (UTC+02:00) : « une sonnerie ».',
    );
    expect(oneLine('one two three four five six', 14)).toBe('one two three…');
    expect(oneLine('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefghi…');
    expect(oneLine('x'.repeat(600)).length).toBe(480);
  });

  it('metricValue names countries in the report language, and only country metrics', () => {
    const red = sample.redactor(false);
    const value = (name: string, v: string | string[], lang: Lang) =>
      metricValue(name, v, { lang, redactor: red, clock: paris }, 0);
    expect(value('originCountry', 'MA', 'fr')).toBe('Maroc (MA)');
    expect(value('originCountry', 'MA', 'en')).toBe('Morocco (MA)');
    expect(value('countries', ['MA', 'GB', 'XX'], 'en')).toBe('Morocco (MA), United Kingdom (GB), XX');
    expect(value('countries', ['ZZ', 'ma'], 'fr')).toBe('ZZ, ma');
    expect(value('localPrefix', 'MA', 'fr')).toBe('MA');
    expect(value('originCountry', '+21261234567', 'fr')).toBe('+21261234567');
  });
});
