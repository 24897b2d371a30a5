import { beforeAll, describe, expect, it } from 'vitest';
import { TIME_RULES } from '../../src/evidence/document.js';
import { buildReport, renderHtml, shellQuote } from '../../src/report/html.js';
import {
  buildSample,
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

  it('loads nothing: no script, no external stylesheet, image or font; links only to anchors and the reporting services', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link|<img|<iframe|@import|url\(|\ssrc=/i);
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    const external = hrefs.filter((h) => !h.startsWith('#'));
    expect(external).toEqual([
      'https://www.33700.fr/',
      'https://www.bloctel.gouv.fr/',
      'https://jalerte.arcep.fr/',
    ]);
    expect(hrefs.filter((h) => h.startsWith('#'))).toContain('#finding-F004');
  });

  it('has every section, one chart and one section per finding, and print rules for A4', () => {
    for (const id of ['summary', 'method', 'quality', 'custody', 'where'])
      expect(page).toContain(`id="${id}"`);
    expect(page.match(/<section class="finding"/g)).toHaveLength(4);
    expect(page.match(/<svg /g)).toHaveLength(4);
    expect(page).toContain('@page{size:A4');
    expect(page).toContain('.finding,section.closing{break-before:page}');
  });
});

describe('renderHtml: content', () => {
  it('summarises for a non-specialist, with a sentence when the detector gave none', () => {
    expect(page).toContain(
      'Ce rapport porte sur 95 appels lus dans 1 fichier, du lundi 23 février 2026 à 09:10 (UTC+01:00) au jeudi 5 mars 2026 à 03:49 (UTC+01:00).',
    );
    expect(page).toContain('cdrscope a relevé 4 anomalies qui méritent attention :');
    expect(page).toContain(
      '+33140000000 a reçu 30 appels en deux heures, 36 fois son niveau habituel ; appelant le plus actif +33620000007.',
    );
    expect(page).toContain(
      `8 appels concernant ${REPEAT_CALLER}, du jeudi 5 mars 2026 à 01:00 (UTC+01:00) au jeudi 5 mars 2026 à 03:49 (UTC+01:00).`,
    );
  });

  it('shows the figures with readable labels and units', () => {
    expect(page).toMatch(/<td>Fois le niveau habituel<\/td><td class="num">× 36<\/td>/);
    expect(page).toMatch(/<td>Part d’appels répondus<\/td><td class="num">50\u00a0%<\/td>/);
    expect(page).toMatch(/<td>Durée médiane<\/td><td class="num">3 s<\/td>/);
    expect(page).toMatch(/<td>Pays<\/td><td class="num">CI, TN, LV<\/td>/);
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
    expect(page).toContain('<td>=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)</td>');
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
    expect(m.findings[3].facts.find((f) => f.label === 'Number concerned')?.value).toBe(REPEAT_CALLER);
  });

  it('shellQuote quotes what a shell would split or expand', () => {
    expect(shellQuote('--owner')).toBe('--owner');
    expect(shellQuote('+33140000000')).toBe('+33140000000');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(rm)')).toBe("'$(rm)'");
  });
});
