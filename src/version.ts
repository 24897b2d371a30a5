/** cdrscope's name and version, as written into every report. */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const TOOL = { name: 'cdrscope', version: pkg.version } as const;
