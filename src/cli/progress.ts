/** Progress on stderr for long runs, only when stderr is a terminal; and small CLI parsers. */
import { UserError } from '../errors.js';
import type { Lang } from '../evidence/document.js';

export function progressReporter(): { update: (rows: number) => void; done: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const t0 = Date.now();
  let shown = false;
  return {
    update(rows) {
      const s = (Date.now() - t0) / 1000;
      if (s < 1) return;
      shown = true;
      process.stderr.write(
        `\r${rows.toLocaleString('en')} rows read, ${Math.round(rows / s).toLocaleString('en')} rows/s   `,
      );
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[K');
    },
  };
}

export function parseLang(text: string | undefined): Lang | undefined {
  if (text === undefined) return undefined;
  if (text === 'fr' || text === 'en') return text;
  throw new UserError('BAD_OPTION', `--lang must be fr or en, not "${text}"`);
}
