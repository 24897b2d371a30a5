/** cdrscope top (stub, being written). */
import type { Command } from 'commander';

export function registerTop(_program: Command): void {}
