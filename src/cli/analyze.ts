/**
 * cdrscope analyze <inputs...>
 *
 * Runs every detector over all inputs together and prints one row per finding; `--json` prints the
 * findings document (schema cdrscope.findings/1) and nothing else on stdout. Findings are not an error:
 * exit 0 with or without them.
 */
import type { Command } from 'commander';
import { analyze } from '../analyze.js';
import { defaultLang, findingsDocument, type Lang } from '../evidence/document.js';
import { findingsTable } from '../report/terminal.js';
import { addDetectorOptions, addInputOptions, type SharedFlags, toAnalyzeOptions } from './options.js';
import { parseLang, progressReporter } from './progress.js';

export function registerAnalyze(program: Command): void {
  addDetectorOptions(
    addInputOptions(
      program
        .command('analyze')
        .description(
          'detect attack patterns (storms, wangiri, robocalls, spoofing, misrouting) in the inputs',
        )
        .argument('<inputs...>', 'CDR files (.gz read transparently, - for standard input)')
        .option('--json', 'print the findings document (JSON) instead of a table')
        .option('--all', 'list low-severity findings in the table too (they are always in --json)')
        .option('--lang <fr|en>', "language of summaries (default: from the owner's country)"),
    ),
  ).action(
    async (inputs: string[], flags: SharedFlags & { json?: boolean; lang?: string; all?: boolean }) => {
      const opts = toAnalyzeOptions(flags);
      const progress = flags.json ? undefined : progressReporter();
      const result = await analyze(inputs, { ...opts, onProgress: progress?.update });
      progress?.done();
      const lang: Lang = parseLang(flags.lang) ?? defaultLang(result.country);
      for (const w of result.warnings) process.stderr.write(`cdrscope: warning: ${w[lang]}\n`);
      if (flags.json)
        process.stdout.write(
          `${JSON.stringify(findingsDocument(result, lang, process.argv.slice(2)), null, 2)}\n`,
        );
      else process.stdout.write(findingsTable(result, lang, flags.all));
    },
  );
}
