/**
 * report.html in a real browser: headless Chromium (Debian package `chromium`) renders the page, the
 * DOM it builds holds the charts and tables, and printing to PDF gives an A4 document of several pages.
 * Skipped only when /usr/bin/chromium is absent outside CI; in CI it must run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { buildSample } from './sample.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && !process.env.CI;

let dir: string;
let page: string;

function chromium(...args: string[]) {
  const profile = mkdtempSync(join(tmpdir(), 'cdrscope-chromium-'));
  const res = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      ...args,
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (res.error) throw res.error;
  return res;
}

describe.skipIf(skip)('report.html in headless Chromium', () => {
  beforeAll(async () => {
    const sample = await buildSample();
    dir = mkdtempSync(join(tmpdir(), 'cdrscope-browser-'));
    page = join(dir, 'report.html');
    writeFileSync(
      page,
      renderHtml({
        analysis: sample.analysis,
        aggregates: sample.aggregates,
        lang: 'fr',
        redactor: sample.redactor(false),
      }),
    );
  });

  it('renders the charts and the tables', () => {
    const res = chromium('--dump-dom');
    expect(res.status).toBe(0);
    const dom = res.stdout;
    expect(dom).toContain('<html lang="fr">');
    // Three high or medium findings with a chart each; the low one is a row of the leads annex.
    expect(dom.match(/<svg [^>]*class="chart"/g)).toHaveLength(3);
    expect(dom.match(/<rect class="bar"/g)?.length).toBe(2 + 1 + 1);
    expect(dom.match(/<rect class="band"/g)).toHaveLength(3);
    expect(dom.match(/<line class="baseline"/g)).toHaveLength(1);
    expect(dom.match(/<table/g)?.length).toBeGreaterThanOrEqual(17);
    expect(dom.match(/<section class="finding"/g)).toHaveLength(3);
    expect(dom).toContain('<tbody id="finding-F004"><tr>');
    // Hostile names stayed text: the browser built no script element.
    expect(dom).not.toMatch(/<script/i);
    expect(dom).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('prints to a PDF of several A4 pages', () => {
    const pdf = join(dir, 'report.pdf');
    const res = chromium('--no-pdf-header-footer', `--print-to-pdf=${pdf}`);
    expect(res.status).toBe(0);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(50_000);
    const text = bytes.toString('latin1');
    const pages = text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    // Contents, summary, one page per finding at least, then leads, method, quality, custody, where.
    expect(pages).toBeGreaterThanOrEqual(9);
    // A4 is 210 x 297 mm: 595 x 842 points.
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
    expect(boxes).toHaveLength(pages);
    for (const [, w, h] of boxes) {
      expect(Math.round(Number(w))).toBe(595);
      expect(Math.round(Number(h))).toBe(842);
    }
  });

  it('takes a screenshot', () => {
    const png = join(dir, 'report.png');
    const res = chromium('--hide-scrollbars', '--window-size=1100,2400', `--screenshot=${png}`);
    expect(res.status).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(50_000);
  });
});
