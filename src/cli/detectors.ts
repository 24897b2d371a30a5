/**
 * cdrscope detectors [kind]
 *
 * Prints the method of every detector, or of one kind: what it looks for, its parameters (default,
 * unit, why), known false positives, references and limits. Printed from the detectors' metadata, so
 * it is the method and the thresholds of this very version. `--json` prints the metadata (both
 * languages, schema cdrscope.detectors/1), `--markdown` a Markdown document. An unknown kind is a
 * usage error (exit 2) naming the known ones.
 */
import type { Command } from 'commander';
import { DETECTORS } from '../detectors/index.js';
import { UserError } from '../errors.js';
import { defaultLang } from '../evidence/document.js';
import { DEFAULT_COUNTRY } from '../formats/context.js';
import { plain } from '../report/escape.js';
import { detectorsDocument, methodMarkdown, methodText } from '../report/method.js';
import { TOOL } from '../version.js';
import { parseLang } from './progress.js';

interface DetectorsFlags {
  json?: boolean;
  markdown?: boolean;
  lang?: string;
}

export function registerDetectors(program: Command): void {
  program
    .command('detectors')
    .description(
      'list the detectors: what each looks for, its parameters with default, unit and why, false positives, references, limits',
    )
    .argument('[kind]', `one kind only: ${DETECTORS.map((d) => d.meta.id).join(', ')}`)
    .option('--json', 'print the metadata as JSON (both languages) instead of text')
    .option('--markdown', 'print Markdown instead of text')
    .option('--lang <fr|en>', 'language of the text (default: fr)')
    .action((kind: string | undefined, flags: DetectorsFlags) => {
      if (flags.json && flags.markdown)
        throw new UserError('BAD_OPTION', 'choose --json or --markdown, not both');
      const lang = parseLang(flags.lang) ?? defaultLang(DEFAULT_COUNTRY);
      let metas = DETECTORS.map((d) => d.meta);
      if (kind !== undefined) {
        metas = metas.filter((m) => m.id === kind);
        if (metas.length === 0) {
          throw new UserError(
            'BAD_OPTION',
            `unknown detector "${plain(kind)}" (known: ${DETECTORS.map((d) => d.meta.id).join(', ')})`,
          );
        }
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(detectorsDocument(metas, TOOL), null, 2)}\n`);
      else if (flags.markdown) process.stdout.write(methodMarkdown(metas, lang));
      else {
        const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
        process.stdout.write(methodText(metas, lang, Math.min(columns ?? 110, 140)));
      }
    });
}
