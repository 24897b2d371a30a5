/** cdrscope timeline (stub, being written). */
import type { Command } from 'commander';

export function registerTimeline(_program: Command): void {}
