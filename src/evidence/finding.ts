/**
 * A finding as written to the findings document (schema `cdrscope.findings/1`, see
 * shared/spec/cli-contract.md): a candidate whose evidence rows were counted in the evidence pass.
 */
import type { FindingKind, Severity, Text } from '../detectors/types.js';

export interface EvidenceRef {
  /** Input path as given on the command line. */
  file: string;
  /** 1-based line (or element index for XML inputs). */
  line: number;
}

export interface Finding {
  /** `F001`, `F002`... in report order (severity, then start). */
  id: string;
  kind: FindingKind;
  severity: Severity;
  subject: string;
  subjectType: 'number' | 'prefix';
  /** Epoch ms; rendered as ISO-8601 in the report's zone. */
  start: number;
  end: number;
  calls: number;
  metrics: Record<string, number | string | boolean | string[] | null>;
  summary: Text;
  evidence: {
    /** Records that support the finding. */
    rows: number;
    /** The first supporting rows, in input order. */
    sample: EvidenceRef[];
  };
}
