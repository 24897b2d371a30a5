/**
 * cdrscope verify <dir>
 *
 * Re-hashes an evidence package against its manifest.json and names every file that changed or is
 * missing. Exit 0 when every listed file matches, 1 on any mismatch (process.exitCode, never
 * process.exit), 2 when the folder or its manifest cannot be read. `--json` prints the checks.
 */
import type { Command } from 'commander';
import { type Check, verifyPackage } from '../evidence/verify.js';
import { plain } from '../report/escape.js';
import { EXIT_MISMATCH } from './main.js';

const LABELS: Record<Check['status'], string> = {
  ok: 'ok',
  changed: 'CHANGED',
  missing: 'MISSING',
  'not-checked': 'not checked',
  extra: 'not in manifest',
};

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('re-hash an evidence package against its manifest.json; exit 1 if any file changed')
    .argument('<dir>', 'the package folder (the one holding manifest.json)')
    .option('--json', 'print the checks as JSON')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const v = await verifyPackage(dir);
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify(
            {
              dir,
              manifestSha256: v.manifestSha256,
              generatedAt: v.manifest.generatedAt,
              tool: v.manifest.tool,
              mismatches: v.mismatches,
              checks: v.checks,
            },
            null,
            2,
          )}\n`,
        );
      } else {
        const out: string[] = [
          `cdrscope verify ${plain(dir)}`,
          `  package made by ${plain(v.manifest.tool.name)} ${plain(v.manifest.tool.version)} at ${plain(v.manifest.generatedAt)}`,
          `  manifest.json SHA-256: ${v.manifestSha256} (compare with the one noted when the package was made)`,
        ];
        const width = Math.max(...Object.values(LABELS).map((l) => l.length));
        for (const c of v.checks) {
          const label = LABELS[c.status].padEnd(width);
          const name = c.what === 'input' ? `input ${plain(c.path)}` : plain(c.path);
          let detail = '';
          if (c.status === 'changed' && c.expected && c.actual) {
            detail = ` (expected SHA-256 ${c.expected.sha256}, ${c.expected.size} bytes; found ${c.actual.sha256}, ${c.actual.size} bytes)`;
          } else if (c.status === 'missing') detail = ' (listed in the manifest, not in the folder)';
          else if (c.status === 'not-checked' && c.note) detail = ` (${plain(c.note)})`;
          else if (c.status === 'extra') detail = ' (added after the package was made)';
          out.push(`  ${label}  ${name}${detail}`);
        }
        const files = v.checks.filter((c) => c.what === 'file' && c.status !== 'extra').length;
        out.push(
          v.mismatches === 0
            ? `OK: all ${files} files of the package match the manifest.`
            : `MISMATCH: ${v.mismatches} file(s) changed or missing.`,
        );
        process.stdout.write(`${out.join('\n')}\n`);
      }
      if (v.mismatches > 0) process.exitCode = EXIT_MISMATCH;
    });
}
