/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time per function and per file.
 *
 *   node bench/profile-summary.mjs <file.cpuprofile> [top=20]
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function shortUrl(url) {
  if (!url) return '';
  let p = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (p.startsWith(ROOT)) p = relative(ROOT, p);
  return p.replace(/^.*node_modules\//, '');
}

/**
 * Returns `{ totalMs, functions: [{ name, where, ms, share }], files: [{ file, ms, share }] }`, sorted
 * by self time. Self time is the sum of the sampling intervals that landed in the function.
 */
export function summarizeProfile(path, top = 20) {
  const prof = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(prof.samples[i]);
    if (node) self.set(node.id, (self.get(node.id) ?? 0) + dt);
  }
  const fns = new Map();
  const files = new Map();
  for (const [id, ms] of self) {
    const cf = byId.get(id).callFrame;
    const file = shortUrl(cf.url) || '(native)';
    const name = cf.functionName || '(anonymous)';
    const where = cf.url ? `${file}:${cf.lineNumber + 1}` : '';
    const key = `${name}\u0000${where}`;
    const f = fns.get(key) ?? { name, where, ms: 0 };
    f.ms += ms;
    fns.set(key, f);
    const fileKey = cf.url ? file : name.startsWith('(') ? name : '(native)';
    files.set(fileKey, (files.get(fileKey) ?? 0) + ms);
  }
  const share = (ms) => (total > 0 ? ms / total : 0);
  return {
    totalMs: total,
    functions: [...fns.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, share: share(f.ms) })),
    files: [...files.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([file, ms]) => ({ file, ms, share: share(ms) })),
  };
}

export function profileMarkdown(summary) {
  const pct = (s) => `${(s * 100).toFixed(1)} %`;
  const lines = [
    `Sampled ${(summary.totalMs / 1000).toFixed(2)} s.`,
    '',
    '| self time | share | function | where |',
    '| ---: | ---: | --- | --- |',
  ];
  for (const f of summary.functions) {
    lines.push(`| ${f.ms.toFixed(0)} ms | ${pct(f.share)} | \`${f.name}\` | ${f.where} |`);
  }
  lines.push('', '| self time | share | file |', '| ---: | ---: | --- |');
  for (const f of summary.files) lines.push(`| ${f.ms.toFixed(0)} ms | ${pct(f.share)} | ${f.file} |`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [path, top = '20'] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(profileMarkdown(summarizeProfile(path, Number(top))));
}
