/** Builds the run-wide context formats read with, from the user's options. */
import { UserError } from '../errors.js';
import { NumberBook } from '../records/numbers.js';
import { Clock } from '../records/time.js';
import type { FormatContext } from './types.js';

export interface ContextOptions {
  /** `--country`; default: the owner's country, else FR. */
  country?: string;
  /** `--tz`; default Europe/Paris. */
  tz?: string;
  /** `--owner`, as the user wrote it. */
  owner?: string;
  /** `--map`, already split into field -> column. */
  map?: Record<string, string>;
}

export const DEFAULT_TZ = 'Europe/Paris';
export const DEFAULT_COUNTRY = 'FR';

export function createFormatContext(opts: ContextOptions = {}): FormatContext {
  const clock = new Clock(opts.tz ?? DEFAULT_TZ);
  let country = opts.country?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) {
    throw new UserError(
      'BAD_OPTION',
      `--country must be an ISO 3166 alpha-2 code such as FR or BE, not "${opts.country}"`,
    );
  }
  let owner: string | undefined;
  if (opts.owner !== undefined) {
    // The owner's own country decides how national numbers are read unless --country says otherwise.
    const probe = new NumberBook(country ?? DEFAULT_COUNTRY).info(opts.owner);
    if (probe.kind !== 'e164') {
      throw new UserError(
        'BAD_OPTION',
        `--owner "${opts.owner}" is not a phone number cdrscope can normalise (write it as +33612345678)`,
      );
    }
    owner = probe.value;
    country ??= probe.country;
  }
  country ??= DEFAULT_COUNTRY;
  const numbers = new NumberBook(country);
  return { numbers, clock, country, owner, map: opts.map };
}
