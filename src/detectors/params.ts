/**
 * Detector parameters: defaults from each detector's metadata, overridden by `--param kind.name=value`
 * or a JSON config file (`--config`). The values in force are written into every output.
 */
import { UserError } from '../errors.js';
import { DETECTORS } from './index.js';
import type { FindingKind } from './types.js';

export type ParamValues = Record<FindingKind, Record<string, number>>;

export function defaultParams(): ParamValues {
  const out = {} as ParamValues;
  for (const d of DETECTORS) {
    out[d.meta.id] = {};
    for (const [name, spec] of Object.entries(d.meta.params)) out[d.meta.id][name] = spec.default;
  }
  return out;
}

/**
 * Applies overrides given as `kind.name=value` strings (command line) or as an object
 * `{ "kind": { "name": value } }` (config file). Unknown kinds or names are user errors.
 */
export function applyOverrides(
  params: ParamValues,
  overrides: string[] | Record<string, Record<string, unknown>>,
): ParamValues {
  const set = (kind: string, name: string, raw: unknown, where: string): void => {
    const detector = DETECTORS.find((d) => d.meta.id === kind);
    if (!detector) {
      throw new UserError(
        'BAD_OPTION',
        `${where}: unknown detector "${kind}" (known: ${DETECTORS.map((d) => d.meta.id).join(', ')})`,
      );
    }
    if (!(name in detector.meta.params)) {
      const known = Object.keys(detector.meta.params).join(', ') || 'none';
      throw new UserError('BAD_OPTION', `${where}: "${kind}" has no parameter "${name}" (known: ${known})`);
    }
    const value = typeof raw === 'number' ? raw : Number(String(raw).replace(',', '.'));
    if (!Number.isFinite(value))
      throw new UserError('BAD_OPTION', `${where}: "${kind}.${name}" must be a number, not "${raw}"`);
    params[kind as FindingKind][name] = value;
  };
  if (Array.isArray(overrides)) {
    for (const o of overrides) {
      const m = /^([a-z-]+)\.([A-Za-z0-9]+)=(.+)$/.exec(o.trim());
      if (!m)
        throw new UserError(
          'BAD_OPTION',
          `--param "${o}": write it as kind.name=value, e.g. repeat-caller.minCallsPerDay=8`,
        );
      set(m[1], m[2], m[3], `--param ${o}`);
    }
  } else {
    for (const [kind, values] of Object.entries(overrides)) {
      if (typeof values !== 'object' || values === null)
        throw new UserError('BAD_OPTION', `config: "${kind}" must map parameter names to numbers`);
      for (const [name, raw] of Object.entries(values)) set(kind, name, raw, 'config');
    }
  }
  return params;
}
