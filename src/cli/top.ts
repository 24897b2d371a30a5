/**
 * cdrscope top <inputs...> --by <key> --window <length>
 *
 * The busiest keys (callers, callees, number prefixes, caller countries) per time window, with calls,
 * distinct counterparts and answered share; the ranking over all windows comes first. `--json` prints
 * the `cdrscope.top/1` document, `--csv` one row per listed key; nothing else goes to stdout then.
 */
import type { Command } from 'commander';
import { type AnalyzedInput, openAll, readAll } from '../analyze.js';
import { UserError } from '../errors.js';
import { createFormatContext } from '../formats/context.js';
import type { FormatContext } from '../formats/types.js';
import type { CallRecord } from '../records/record.js';
import { topCsv, topDocument, topTable, type ViewContext } from '../report/views.js';
import { createTop, isTopKey, parseWindowOption, TOP_KEYS } from '../windows/top.js';
import { addInputOptions, type SharedFlags, toAnalyzeOptions } from './options.js';
import { progressReporter } from './progress.js';

export interface OutputFlags {
  json?: boolean;
  csv?: boolean;
}

interface TopFlags extends SharedFlags, OutputFlags {
  by: string;
  window: string;
  prefixLength?: string;
  limit?: string;
}

export function registerTop(program: Command): void {
  addInputOptions(
    program
      .command('top')
      .description('the busiest callers, callees, prefixes or caller countries per time window')
      .argument('<inputs...>', 'CDR files (.gz read transparently, - for standard input)')
      .requiredOption('--by <key>', `what to group by: ${TOP_KEYS.join(', ')}`)
      .option(
        '--window <length>',
        'window length: 30m, 1h, 6h, 1d, 7d... (whole days are local calendar days of --tz)',
        '1d',
      )
      .option(
        '--prefix-length <n>',
        'for caller-prefix and callee-prefix: national digits kept after the country code (default 1)',
      )
      .option('--limit <n>', 'keys listed per window and overall', '10')
      .option('--json', 'print the cdrscope.top/1 JSON document instead of a table')
      .option('--csv', 'print CSV (one row per listed key) instead of a table'),
  ).action(async (inputs: string[], flags: TopFlags) => {
    checkOutput(flags);
    if (!isTopKey(flags.by)) {
      throw new UserError('BAD_OPTION', `--by "${flags.by}": use one of ${TOP_KEYS.join(', ')}`);
    }
    const by = flags.by;
    const windowMs = windowFlag(flags.window);
    const limit = intFlag('--limit', flags.limit ?? '10', 1);
    if (flags.prefixLength !== undefined && !by.endsWith('-prefix')) {
      throw new UserError(
        'BAD_OPTION',
        '--prefix-length applies only to --by caller-prefix or callee-prefix',
      );
    }
    const prefixLength = intFlag('--prefix-length', flags.prefixLength ?? '1', 0, 14);
    const read = await readForView(inputs, flags, (ctx) => {
      const run = createTop({
        by,
        windowMs,
        prefixLength,
        limit,
        numbers: ctx.numbers,
        clock: ctx.clock,
      });
      return { observe: run.observe, finish: run.finish };
    });
    const view: ViewContext = read.view;
    if (flags.json) process.stdout.write(`${JSON.stringify(topDocument(read.result, view), null, 2)}\n`);
    else if (flags.csv) process.stdout.write(topCsv(read.result, view));
    else process.stdout.write(topTable(read.result, view));
  });
}

/** --json and --csv are two ways of printing the same thing: one at a time. */
export function checkOutput(flags: OutputFlags): void {
  if (flags.json && flags.csv) throw new UserError('BAD_OPTION', '--json and --csv: choose one');
}

/** Parses --window (exit 2 with the accepted forms when malformed). */
export function windowFlag(text: string): number {
  const ms = parseWindowOption(text);
  if (Number.isNaN(ms)) {
    throw new UserError(
      'BAD_OPTION',
      `--window "${text}": write a length such as 30m, 1h, 6h, 1d or 7d (s, m, h, d, w; at least 1s)`,
    );
  }
  return ms;
}

/** Parses a whole-number option within bounds (exit 2 otherwise). */
export function intFlag(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
    throw new UserError('BAD_OPTION', `${name} "${text}": write a whole number, ${range}`);
  }
  return n;
}

export interface ViewRead<T> {
  result: T;
  view: ViewContext;
  ctx: FormatContext;
}

/**
 * Reads every input once through an aggregation built from the run's context (numbers, clock), with
 * progress on stderr when it is a terminal and the output is a table.
 */
export async function readForView<T>(
  paths: readonly string[],
  flags: SharedFlags & OutputFlags,
  build: (ctx: FormatContext) => { observe(r: CallRecord): void; finish(): T },
): Promise<ViewRead<T>> {
  const opts = toAnalyzeOptions(flags);
  const ctx = createFormatContext(opts);
  const run = build(ctx);
  const opened = await openAll(paths);
  const progress = flags.json || flags.csv ? undefined : progressReporter();
  let records = 0;
  const onRecord = (r: CallRecord): void => {
    records++;
    if (progress && (records & 0xffff) === 0) progress.update(records);
    run.observe(r);
  };
  let inputs: AnalyzedInput[];
  try {
    inputs = await readAll(opened, ctx, opts, onRecord);
  } finally {
    progress?.done();
  }
  const result = run.finish();
  return {
    result,
    ctx,
    view: { clock: ctx.clock, country: ctx.country, inputs, records, generatedAt: Date.now() },
  };
}
