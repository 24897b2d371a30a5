import { describe, expect, it } from 'vitest';
import { whereToReport } from '../../src/report/where-to-report.js';

describe('whereToReport', () => {
  it('France: complaint, 33700, Bloctel, J’alerte l’Arcep', () => {
    const w = whereToReport('FR', 'fr');
    expect(w.country).toBe('France');
    expect(w.channels.map((c) => c.title)).toEqual([
      'Police ou gendarmerie : porter plainte',
      '33700 : spam vocal',
      'Bloctel : démarchage téléphonique',
      'Arcep : « J’alerte l’Arcep »',
      'Votre opérateur',
    ]);
    expect(w.channels[1].text).toContain('« spam vocal »');
    expect(w.channels[3].link?.href).toBe('https://jalerte.arcep.fr/');
  });

  it('Belgium: police, the Telecom Ombudsman (exact date and time; not from abroad), safeonweb', () => {
    const w = whereToReport('BE', 'en');
    expect(w.country).toBe('Belgium');
    const ombudsman = w.channels.find((c) => c.title.startsWith('Telecom Ombudsman'))!;
    expect(ombudsman.text).toContain('exact date and time of each call');
    expect(ombudsman.text).toContain('cannot identify calls coming from abroad');
    expect(w.channels.some((c) => c.link?.href === 'mailto:suspicious@safeonweb.be')).toBe(true);
    expect(whereToReport('BE', 'fr').channels[1].title).toBe(
      'Service de médiation pour les télécommunications : appels malveillants',
    );
  });

  it('United States: the FCC complaint and its robocall portal', () => {
    const hrefs = whereToReport('US', 'en').channels.map((c) => c.link?.href);
    expect(hrefs).toContain('https://consumercomplaints.fcc.gov/');
    expect(hrefs).toContain('https://www.fcc.gov/enforcement/private-entity-robocall-spoofing-portal');
  });

  it('elsewhere: a generic list that still names the FCC', () => {
    const w = whereToReport('DE', 'en');
    expect(w.country).toBe('Germany');
    expect(w.channels.map((c) => c.title)).toEqual([
      'Police',
      'Your operator',
      'The telecoms regulator',
      'United States: FCC',
    ]);
    expect(whereToReport('MA', 'fr').country).toBe('Maroc');
  });
});
