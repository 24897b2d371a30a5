/** cdrscope verify (stub, being written). */
import type { Command } from 'commander';

export function registerVerify(_program: Command): void {}
