/**
 * What a detector is. A detector file (id = file name = finding kind) starts with its metadata as data,
 * then plain functions; reports print the metadata, so method and thresholds are never out of date.
 *
 * Detectors run in two passes over the inputs, so memory grows with distinct keys and windows, not rows:
 * 1. `observe` every record (aggregate per key and window; never keep the records);
 * 2. `finish` returns candidates; each has a `matches` predicate that the evidence pass runs over the
 *    inputs again to count and cite the supporting rows (file + line).
 */

import type { NumberBook } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import type { Clock } from '../records/time.js';

export const FINDING_KINDS = [
  'call-storm',
  'prefix-storm',
  'robocall-flood',
  'rotating-foreign-callers',
  'neighbor-spoofing',
  'spoofed-number-callbacks',
  'repeat-caller',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type Severity = 'high' | 'medium' | 'low';

/** A text in both report languages. */
export interface Text {
  en: string;
  fr: string;
}

export interface ParamSpec {
  /** Default value (numbers only: thresholds, windows in minutes/hours as the name says). */
  default: number;
  /** Unit for humans: `calls`, `minutes`, `seconds`, `ratio`, `share`, `z`, `probability`... */
  unit: string;
  /** Why this default: the source or reasoning, shown in reports. */
  why: string;
}

export interface DetectorMeta {
  id: FindingKind;
  title: Text;
  /** What the detector looks for, in a few sentences. */
  looksFor: Text;
  /** Parameter name (camelCase, overridable as `--param kind.name=value`) -> spec. */
  params: Record<string, ParamSpec>;
  /** Known causes of false positives. */
  falsePositives: Text[];
  /** Sources (articles, papers, regulations) the method stands on. */
  references: string[];
  /** What the finding does not prove, printed with every finding of this kind. */
  limits: Text;
}

/** Everything a detector may use besides the records. */
export interface DetectorContext {
  /** Parameter values in force (defaults merged with overrides). */
  params: Record<string, number>;
  numbers: NumberBook;
  clock: Clock;
  /** ISO 3166 alpha-2 of the numbering plan of national numbers (`--country`). */
  country: string;
  /** E.164 of the subscriber whose export this is, when known (`--owner`). */
  owner?: string;
}

/** A finding before its evidence rows are counted. Times are epoch ms. */
export interface Candidate {
  kind: FindingKind;
  severity: Severity;
  subject: string;
  subjectType: 'number' | 'prefix';
  start: number;
  end: number;
  /** Calls in the finding as counted by the detector in the first pass. */
  calls: number;
  /** Per-kind figures, camelCase names, documented in the README. */
  metrics: Record<string, number | string | boolean | string[] | null>;
  summary: Text;
  /**
   * Selects the records that support the finding (run over the inputs in the evidence pass).
   * Contract: for a `number` subject, only records whose caller or callee is that number may match
   * (the evidence pass indexes candidates by subject and skips the others; see evidence/collect.ts).
   */
  matches(r: CallRecord): boolean;
}

export interface DetectorRun {
  observe(r: CallRecord): void;
  finish(): Candidate[];
}

export interface Detector {
  meta: DetectorMeta;
  create(ctx: DetectorContext): DetectorRun;
}
