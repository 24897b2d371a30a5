/**
 * Options shared by inspect, analyze, report, top and timeline (shared/spec/cli-contract.md), and their
 * translation into the pipeline's option objects. Bad values are user errors (exit 2).
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { AnalyzeOptions } from '../analyze.js';
import { UserError } from '../errors.js';
import { MAP_FIELDS } from '../formats/columns.js';
import { DEFAULT_TZ } from '../formats/context.js';
import { Clock } from '../records/time.js';

export interface SharedFlags {
  owner?: string;
  country?: string;
  tz?: string;
  format?: string;
  map?: string;
  since?: string;
  until?: string;
  strict?: boolean;
  param?: string[];
  config?: string;
  threads?: string;
}

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option(
      '--owner <number>',
      'the subscriber whose export this is (phone logs and bills carry only the other party)',
    )
    .option(
      '--country <code>',
      "ISO 3166 alpha-2 country for national-format numbers (default: the owner's, else FR)",
    )
    .option('--tz <zone>', `IANA zone of timestamps written without an offset (default: ${DEFAULT_TZ})`)
    .option(
      '--format <name>',
      'skip auto-detection: generic, asterisk, freeswitch, cucm, twilio, teams, android-xml, superbackup-xml',
    )
    .option(
      '--map <field=column,...>',
      'map source columns to canonical fields by hand (e.g. start=Date,caller=From,callee=To)',
    )
    .option('--since <time>', 'only calls at or after this time (ISO date or date-time, read in --tz)')
    .option('--until <time>', 'only calls before this time (ISO date or date-time, read in --tz)')
    .option('--strict', 'any rejected row is fatal (exit 2, naming file:line and the reason)')
    .addOption(
      new Option('--param <kind.name=value>', 'override a detector parameter (repeatable)').argParser(
        collect,
      ),
    );
}

export function addDetectorOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'JSON file of detector parameters: { "call-storm": { "minDayCalls": 50 } }')
    .option(
      '--threads <n>',
      'threads the detectors run on (default: the cores, at most 2); the findings are the same',
    );
}

/** Turns the shared flags into pipeline options. */
export function toAnalyzeOptions(flags: SharedFlags): AnalyzeOptions {
  const opts: AnalyzeOptions = {
    owner: flags.owner,
    country: flags.country,
    tz: flags.tz,
    format: flags.format,
    strict: flags.strict,
    params: flags.param,
  };
  if (flags.map !== undefined) opts.map = parseMap(flags.map);
  if (flags.since !== undefined || flags.until !== undefined) {
    const clock = new Clock(flags.tz ?? DEFAULT_TZ);
    if (flags.since !== undefined) opts.since = parseBound(clock, flags.since, '--since');
    if (flags.until !== undefined) opts.until = parseBound(clock, flags.until, '--until');
  }
  if (flags.config !== undefined) opts.config = readConfig(flags.config);
  if (flags.threads !== undefined) {
    const n = Number(flags.threads);
    if (!Number.isInteger(n) || n < 1 || n > 64) {
      throw new UserError(
        'BAD_OPTION',
        `--threads must be a whole number from 1 to 64, not "${flags.threads}"`,
      );
    }
    opts.threads = n;
  }
  return opts;
}

export function parseMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new UserError(
        'BAD_OPTION',
        `--map "${part}": write field=column, e.g. --map start=Date,caller=From`,
      );
    }
    const field = part.slice(0, eq).trim();
    if (!(MAP_FIELDS as readonly string[]).includes(field)) {
      throw new UserError('BAD_OPTION', `--map: unknown field "${field}" (fields: ${MAP_FIELDS.join(', ')})`);
    }
    map[field] = part.slice(eq + 1).trim();
  }
  return map;
}

function parseBound(clock: Clock, text: string, flag: string): number {
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()} 00:00:00` : text;
  const t = clock.parse(withTime, 'ymd');
  if (Number.isNaN(t))
    throw new UserError('BAD_OPTION', `${flag} "${text}": not a date (write 2026-03-01 or 2026-03-01T14:00)`);
  return t;
}

function readConfig(path: string): Record<string, Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError('BAD_OPTION', `--config ${path}: cannot read the file`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, Record<string, unknown>>;
  } catch (err) {
    throw new UserError('BAD_OPTION', `--config ${path}: not a JSON object (${(err as Error).message})`);
  }
}
