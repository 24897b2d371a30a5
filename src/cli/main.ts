/**
 * The command line: a thin commander layer over the pipeline, and the only place that exits.
 * Exit status (shared/spec/cli-contract.md): 0 ran (with or without findings), 1 verify mismatch,
 * 2 usage error or unreadable input (message on stderr, no stack), 70 internal error (a bug: stack shown).
 */
import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors.js';
import { TOOL } from '../version.js';
import { registerAnalyze } from './analyze.js';
import { registerDetectors } from './detectors.js';
import { registerInspect } from './inspect.js';
import { registerReport } from './report.js';
import { registerTimeline } from './timeline.js';
import { registerTop } from './top.js';
import { registerVerify } from './verify.js';

export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUG = 70;

export function buildProgram(): Command {
  const program = new Command()
    .name('cdrscope')
    .description(
      'Forensic analysis of call-detail-record exports: find call storms, wangiri, robocalls, spoofing and misrouting, and write evidence a police officer can check row by row.',
    )
    .version(TOOL.version)
    .showHelpAfterError()
    .exitOverride();
  registerInspect(program);
  registerAnalyze(program);
  registerReport(program);
  registerVerify(program);
  registerTop(program);
  registerTimeline(program);
  registerDetectors(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_OK);
  });
  try {
    await buildProgram().parseAsync(argv);
    process.exitCode ??= EXIT_OK;
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander has already printed its message.
    if (
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help'
    ) {
      return EXIT_OK;
    }
    return EXIT_USAGE;
  }
  if (isUserError(err)) {
    process.stderr.write(`cdrscope: ${err.message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(
    `cdrscope: internal error (a bug in cdrscope, please report it):\n${(err as Error)?.stack ?? String(err)}\n`,
  );
  return EXIT_BUG;
}
