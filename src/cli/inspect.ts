/**
 * cdrscope inspect <inputs...>
 *
 * Per input: detected format, encoding, delimiter, column mapping, rows read, rows rejected (first
 * reasons with file:line), skipped lines, time range, distinct numbers and the share normalised to E.164.
 */
import type { Command } from 'commander';
import { inspect } from '../inspect.js';
import { inspectTable } from '../report/terminal.js';
import { addInputOptions, type SharedFlags, toAnalyzeOptions } from './options.js';

export function registerInspect(program: Command): void {
  addInputOptions(
    program
      .command('inspect')
      .description('describe what cdrscope reads in each input (format, mapping, rows, rejections)')
      .argument('<inputs...>', 'CDR files (.gz read transparently, - for standard input)')
      .option('--json', 'print JSON instead of a table'),
  ).action(async (inputs: string[], flags: SharedFlags & { json?: boolean }) => {
    const result = await inspect(inputs, toAnalyzeOptions(flags));
    if (flags.json) {
      const iso = (t: number | null) => (t === null ? null : result.ctx.clock.iso(t));
      const doc = {
        schema: 'cdrscope.inspect/1',
        timezone: result.ctx.clock.tz,
        country: result.ctx.country,
        inputs: result.inputs.map((i) => ({
          ...i,
          index: undefined,
          firstStart: iso(i.firstStart),
          lastStart: iso(i.lastStart),
        })),
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      process.stdout.write(`${inspectTable(result)}\n`);
    }
  });
}
