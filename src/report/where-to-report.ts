/**
 * Where a victim reports, by the country of the line (the owner's country, else `--country`): the
 * services named in shared/spec/telephony-facts.md ("Where victims report"), in both languages.
 * Addresses are constants of this file, never taken from the data.
 */
import type { Lang } from '../evidence/document.js';
import { countryName, strings } from './i18n.js';

export interface ReportingChannel {
  title: string;
  text: string;
  /** Web address or e-mail address (`mailto:`), when the service has one. */
  link?: { href: string; label: string };
}

export interface WhereToReport {
  country: string;
  intro: string;
  channels: ReportingChannel[];
  bring: string;
}

type Bilingual = { en: ReportingChannel; fr: ReportingChannel };

const FRANCE: Bilingual[] = [
  {
    en: {
      title: 'Police or gendarmerie: file a complaint',
      text: 'For harassment, threats, fraud or a call storm that disrupts the line, file a complaint (plainte) at a police station or gendarmerie. Only an investigator, by requisition to the operator, can have the line behind a number identified. Hand over this folder.',
    },
    fr: {
      title: 'Police ou gendarmerie : porter plainte',
      text: 'En cas de harcèlement, de menaces, d’escroquerie ou d’un afflux d’appels qui perturbe la ligne, déposez plainte dans un commissariat ou une brigade de gendarmerie. Seul un enquêteur, par réquisition auprès de l’opérateur, peut faire identifier la ligne qui se cache derrière un numéro. Remettez-lui ce dossier.',
    },
  },
  {
    en: {
      title: '33700: voice spam',
      text: 'For calls that ring once or leave a message to make you call back a premium-rate or foreign number, send the SMS "spam vocal" followed by the number to 33700 (free), or use the form on the 33700 website. Operators can then cut the number.',
      link: { href: 'https://www.33700.fr/', label: '33700.fr' },
    },
    fr: {
      title: '33700 : spam vocal',
      text: 'Pour les appels qui sonnent une fois ou laissent un message incitant à rappeler un numéro surtaxé ou étranger, envoyez par SMS « spam vocal » suivi du numéro au 33700 (gratuit), ou utilisez le formulaire du site 33700. Les opérateurs peuvent alors couper le numéro.',
      link: { href: 'https://www.33700.fr/', label: '33700.fr' },
    },
  },
  {
    en: {
      title: 'Bloctel: unwanted sales calls',
      text: 'For sales calls, register the line on Bloctel (free) and report the companies that keep calling.',
      link: { href: 'https://www.bloctel.gouv.fr/', label: 'bloctel.gouv.fr' },
    },
    fr: {
      title: 'Bloctel : démarchage téléphonique',
      text: 'Pour le démarchage commercial, inscrivez la ligne sur Bloctel (gratuit) et signalez les entreprises qui continuent d’appeler.',
      link: { href: 'https://www.bloctel.gouv.fr/', label: 'bloctel.gouv.fr' },
    },
  },
  {
    en: {
      title: 'Arcep: "J\'alerte l\'Arcep"',
      text: 'The telecoms regulator collects reports of number abuse (spoofed numbers, misrouted calls, operators that do not act). It does not handle individual cases but acts on the operators concerned.',
      link: { href: 'https://jalerte.arcep.fr/', label: 'jalerte.arcep.fr' },
    },
    fr: {
      title: 'Arcep : « J’alerte l’Arcep »',
      text: 'Le régulateur des télécoms recueille les signalements d’abus de numéros (numéros usurpés, appels mal acheminés, opérateur qui n’agit pas). Il ne traite pas les cas individuels mais intervient auprès des opérateurs concernés.',
      link: { href: 'https://jalerte.arcep.fr/', label: 'jalerte.arcep.fr' },
    },
  },
  {
    en: {
      title: 'Your operator',
      text: "Tell your operator's customer service: it can block numbers or ranges, and it keeps the network records the police may request.",
    },
    fr: {
      title: 'Votre opérateur',
      text: 'Prévenez le service client de votre opérateur : il peut bloquer des numéros ou des tranches, et conserve les relevés du réseau que la police peut demander.',
    },
  },
];

const BELGIUM: Bilingual[] = [
  {
    en: {
      title: 'Police: file a complaint',
      text: 'For harassment, threats, fraud or a call storm, file a complaint with the local police and hand over this folder.',
    },
    fr: {
      title: 'Police : porter plainte',
      text: 'En cas de harcèlement, de menaces, d’escroquerie ou d’afflux d’appels, déposez plainte auprès de la police locale et remettez-lui ce dossier.',
    },
  },
  {
    en: {
      title: 'Telecom Ombudsman: malicious calls',
      text: 'The Telecom Ombudsman Service handles complaints about malicious calls: when the facts appear established, it gives you the identity of the holder of the line the calls came from. It needs the exact date and time of each call (the evidence files list them) on its signed form. It cannot identify calls coming from abroad.',
      link: { href: 'https://www.ombudsmantelecom.be/', label: 'ombudsmantelecom.be' },
    },
    fr: {
      title: 'Service de médiation pour les télécommunications : appels malveillants',
      text: 'Le Service de médiation traite les plaintes pour appels malveillants : si les faits semblent établis, il vous communique l’identité du titulaire de la ligne d’où sont partis les appels. Il lui faut la date et l’heure précises de chaque appel (les fichiers de preuves les donnent), sur son formulaire signé. Il ne peut pas identifier les appels venus de l’étranger.',
      link: { href: 'https://www.ombudsmantelecom.be/', label: 'ombudsmantelecom.be' },
    },
  },
  {
    en: {
      title: 'Centre for Cybersecurity Belgium (Safeonweb)',
      text: 'Forward suspicious messages (phishing, fake callbacks) to suspicious@safeonweb.be.',
      link: { href: 'mailto:suspicious@safeonweb.be', label: 'suspicious@safeonweb.be' },
    },
    fr: {
      title: 'Centre pour la Cybersécurité Belgique (Safeonweb)',
      text: 'Transférez les messages suspects (hameçonnage, faux rappels) à suspicious@safeonweb.be.',
      link: { href: 'mailto:suspicious@safeonweb.be', label: 'suspicious@safeonweb.be' },
    },
  },
  {
    en: {
      title: 'Your operator',
      text: "Tell your operator's customer service: it can block numbers and keeps the network records.",
    },
    fr: {
      title: 'Votre opérateur',
      text: 'Prévenez le service client de votre opérateur : il peut bloquer des numéros et conserve les relevés du réseau.',
    },
  },
];

const USA: Bilingual[] = [
  {
    en: {
      title: 'FCC: consumer complaint',
      text: 'File a complaint about unwanted calls, robocalls or spoofed caller ID with the Federal Communications Commission.',
      link: { href: 'https://consumercomplaints.fcc.gov/', label: 'consumercomplaints.fcc.gov' },
    },
    fr: {
      title: 'FCC : plainte de consommateur',
      text: 'Déposez une plainte pour appels indésirables, appels automatisés ou numéro usurpé auprès de la Federal Communications Commission.',
      link: { href: 'https://consumercomplaints.fcc.gov/', label: 'consumercomplaints.fcc.gov' },
    },
  },
  {
    en: {
      title: 'FCC: robocall and spoofing portal (organisations)',
      text: "Companies and organisations flooded with robocalls or whose numbers were spoofed can report to the FCC Enforcement Bureau's portal.",
      link: {
        href: 'https://www.fcc.gov/enforcement/private-entity-robocall-spoofing-portal',
        label: 'fcc.gov – robocall and spoofing portal',
      },
    },
    fr: {
      title: 'FCC : portail appels automatisés et usurpation (organisations)',
      text: 'Les entreprises et organisations submergées d’appels automatisés ou dont les numéros ont été usurpés peuvent le signaler sur le portail du service d’enforcement de la FCC.',
      link: {
        href: 'https://www.fcc.gov/enforcement/private-entity-robocall-spoofing-portal',
        label: 'fcc.gov – robocall and spoofing portal',
      },
    },
  },
  {
    en: {
      title: 'Police',
      text: 'For threats, harassment or fraud, report to the local police and hand over this folder.',
    },
    fr: {
      title: 'Police',
      text: 'En cas de menaces, de harcèlement ou d’escroquerie, signalez-le à la police locale et remettez-lui ce dossier.',
    },
  },
];

const GENERIC: Bilingual[] = [
  {
    en: {
      title: 'Police',
      text: 'For harassment, threats, fraud or a call storm, file a complaint with the police and hand over this folder: only an investigator can have the operator identify the line behind a number.',
    },
    fr: {
      title: 'Police',
      text: 'En cas de harcèlement, de menaces, d’escroquerie ou d’afflux d’appels, déposez plainte auprès de la police et remettez-lui ce dossier : seul un enquêteur peut faire identifier par l’opérateur la ligne qui se cache derrière un numéro.',
    },
  },
  {
    en: {
      title: 'Your operator',
      text: "Tell your operator's customer service: it can block numbers or ranges, and it keeps the network records.",
    },
    fr: {
      title: 'Votre opérateur',
      text: 'Prévenez le service client de votre opérateur : il peut bloquer des numéros ou des tranches, et conserve les relevés du réseau.',
    },
  },
  {
    en: {
      title: 'The telecoms regulator',
      text: "Most countries' telecoms regulators collect reports of number abuse and spoofing and act on the operators.",
    },
    fr: {
      title: 'Le régulateur des télécoms',
      text: 'Dans la plupart des pays, le régulateur des télécoms recueille les signalements d’abus de numéros et d’usurpation, et intervient auprès des opérateurs.',
    },
  },
  {
    en: {
      title: 'United States: FCC',
      text: 'For a line in the United States, complaints about unwanted calls and spoofing go to the Federal Communications Commission.',
      link: { href: 'https://consumercomplaints.fcc.gov/', label: 'consumercomplaints.fcc.gov' },
    },
    fr: {
      title: 'États-Unis : FCC',
      text: 'Pour une ligne aux États-Unis, les plaintes pour appels indésirables et usurpation vont à la Federal Communications Commission.',
      link: { href: 'https://consumercomplaints.fcc.gov/', label: 'consumercomplaints.fcc.gov' },
    },
  },
];

const BY_COUNTRY: Record<string, Bilingual[]> = { FR: FRANCE, BE: BELGIUM, US: USA };

/** The reporting channels for a line of `country` (ISO 3166 alpha-2), in `lang`. */
export function whereToReport(country: string, lang: Lang): WhereToReport {
  const s = strings(lang);
  const list = BY_COUNTRY[country.toUpperCase()] ?? GENERIC;
  const name = countryName(country.toUpperCase(), lang);
  return {
    country: name,
    intro: s.whereIntro(name),
    channels: list.map((c) => c[lang]),
    bring: s.whereBring,
  };
}
