/**
 * cdrscope report <inputs...> --out <dir>
 *
 * Runs the analysis and writes the evidence package (src/evidence/package.ts): report.html, report.md,
 * findings.json, evidence/<id>.csv per finding and manifest.json. `--out` must be a new or empty folder
 * (`--force` replaces a previous package there). Prints what was written and the manifest's own
 * SHA-256, to note down: `cdrscope verify` checks every other file against the manifest.
 */
import type { Command } from 'commander';
import type { Lang } from '../evidence/document.js';
import { writePackage } from '../evidence/package.js';
import { plain } from '../report/escape.js';
import { addDetectorOptions, addInputOptions, type SharedFlags, toAnalyzeOptions } from './options.js';
import { parseLang, progressReporter } from './progress.js';

interface ReportFlags extends SharedFlags {
  out: string;
  lang?: string;
  redact?: boolean;
  force?: boolean;
}

export function registerReport(program: Command): void {
  addDetectorOptions(
    addInputOptions(
      program
        .command('report')
        .description(
          'write an evidence package: HTML and Markdown report, findings.json, evidence CSVs, manifest.json',
        )
        .argument('<inputs...>', 'CDR files (.gz read transparently, - for standard input)')
        .requiredOption('--out <dir>', 'folder to write the package into (new or empty)')
        .option('--lang <fr|en>', "language of the report (default: from the owner's country)")
        .option('--redact', "mask third-party numbers everywhere (keeps the owner's and the suspects')")
        .option('--force', 'write into a non-empty folder, replacing a previous package there'),
    ),
  ).action(async (inputs: string[], flags: ReportFlags) => {
    const lang: Lang | undefined = parseLang(flags.lang);
    const opts = toAnalyzeOptions(flags);
    const progress = progressReporter();
    let result: Awaited<ReturnType<typeof writePackage>>;
    try {
      result = await writePackage(inputs, { ...opts, onProgress: progress?.update }, flags.out, {
        lang,
        redact: flags.redact ?? false,
        force: flags.force ?? false,
        command: process.argv.slice(2),
      });
    } finally {
      progress?.done();
    }
    const { analysis: a, manifest } = result;
    const csvs = manifest.files.filter((f) => f.path.startsWith('evidence/')).length;
    const lines = [
      `Evidence package written to ${plain(flags.out)} (${result.lang}${manifest.redacted ? ', third-party numbers masked' : ''})`,
      `  ${a.findings.length} finding(s) from ${a.records} call(s) in ${a.inputs.length} input(s), zone ${a.timezone}`,
      `  report.html, report.md, findings.json, ${csvs} evidence CSV file(s), manifest.json`,
      `  manifest.json SHA-256: ${result.manifestSha256}`,
      `  note it down; check the package later with: cdrscope verify ${plain(flags.out)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (result.foreign.length > 0) {
      process.stderr.write(
        `cdrscope: ${plain(flags.out)} also holds files that are not part of the package: ${result.foreign.map(plain).join(', ')}\n`,
      );
    }
  });
}
