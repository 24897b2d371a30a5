/**
 * cdrscope timeline <inputs...> --number <n>
 *
 * Calls to and from one number per day (or --window), in/out, answered/missed, distinct counterparts,
 * with a bar per window. With --min-count N it checks a claim such as "300 calls in 24 hours": the
 * busiest sliding window of --window length, whether it holds N received calls, and its rows (file:line).
 * A number that never appears is not an error: the timeline is empty and says so (exit 0).
 */
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { plain } from '../report/escape.js';
import { type TimelineView, timelineCsv, timelineDocument, timelineTable } from '../report/views.js';
import { createTimeline } from '../windows/timeline.js';
import { addInputOptions, type SharedFlags } from './options.js';
import { checkOutput, intFlag, type OutputFlags, readForView, windowFlag } from './top.js';

interface TimelineFlags extends SharedFlags, OutputFlags {
  number?: string;
  window: string;
  minCount?: string;
}

export function registerTimeline(program: Command): void {
  addInputOptions(
    program
      .command('timeline')
      .description('calls to and from one number per day or hour; check a claim such as "300 calls in 24h"')
      .argument('<inputs...>', 'CDR files (.gz read transparently, - for standard input)')
      .option(
        '--number <n>',
        'the number to follow, read like the data (national form uses --country); default: --owner',
      )
      .option(
        '--window <length>',
        'window length: 1h, 1d... (whole days are local calendar days of --tz); with --min-count, the sliding window',
        '1d',
      )
      .option(
        '--min-count <n>',
        'find sliding windows of --window length in which the number received at least n calls, and list their rows (with --csv: those rows instead of the windows)',
      )
      .option('--json', 'print the cdrscope.timeline/1 JSON document instead of a table')
      .option('--csv', 'print CSV (one row per window) instead of a table'),
  ).action(async (inputs: string[], flags: TimelineFlags) => {
    checkOutput(flags);
    const windowMs = windowFlag(flags.window);
    const minCount = flags.minCount === undefined ? undefined : intFlag('--min-count', flags.minCount, 1);
    const asWritten = flags.number ?? flags.owner;
    if (asWritten === undefined) throw new UserError('BAD_OPTION', 'give the number to follow with --number');
    if (asWritten.trim() === '') throw new UserError('BAD_OPTION', '--number: give a phone number');
    const read = await readForView(inputs, flags, (ctx) => {
      const run = createTimeline({
        number: ctx.numbers.canonical(asWritten),
        windowMs,
        minCount,
        clock: ctx.clock,
      });
      return { observe: run.observe, finish: run.finish };
    });
    const t = read.result;
    const view: TimelineView = { ...read.view, asWritten };
    if (flags.json) process.stdout.write(`${JSON.stringify(timelineDocument(t, view), null, 2)}\n`);
    else if (flags.csv) process.stdout.write(timelineCsv(t, view));
    else process.stdout.write(timelineTable(t, view));
    if (t.calls === 0 && (flags.json || flags.csv)) {
      process.stderr.write(
        `cdrscope: no call to or from ${plain(t.number)} in the inputs (${view.records} calls read); the timeline is empty.\n`,
      );
    }
  });
}
