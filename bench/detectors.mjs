/**
 * Per-detector cost: reads the export once per detector, feeding only that detector, and prints the
 * first-pass time (wall and CPU) beyond a plain read and the memory (heap and typed arrays) held when it
 * finishes.
 * Run `npm run build` first (it times dist/, or the build in CDRSCOPE_DIST).
 *
 *   node --expose-gc bench/detectors.mjs <file.csv> [kind ...] [--dump dir]
 *
 * --dump writes each detector's candidates to dir/<kind>.json (without the `matches` predicate), to
 * compare the first pass before and after a change.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

// CDRSCOPE_DIST=dir times another build (e.g. `npx tsc -p tsconfig.build.json --outDir /tmp/x/dist`).
const dist = pathToFileURL(
  `${resolve(process.env.CDRSCOPE_DIST ?? new URL('../dist', import.meta.url).pathname)}/`,
);
const load = (p) => import(new URL(p, dist).href);
const { DETECTORS } = await load('detectors/index.js');
const { defaultParams } = await load('detectors/params.js');
const { openInput } = await load('formats/bytes.js');
const { createFormatContext } = await load('formats/context.js');
const { readInput } = await load('formats/read.js');

const args = process.argv.slice(2);
const dumpAt = args.indexOf('--dump');
const dump = dumpAt >= 0 ? args.splice(dumpAt, 2)[1] : null;
const [file, ...only] = args;
const gc = globalThis.gc ?? (() => {});
const params = defaultParams();
if (dump) mkdirSync(dump, { recursive: true });

/** Heap plus typed-array memory (detectors keep most of their state in typed arrays). */
function held() {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function pass(detector) {
  const ctx = createFormatContext({});
  const run = detector?.create({
    params: params[detector.meta.id],
    numbers: ctx.numbers,
    clock: ctx.clock,
    country: ctx.country,
    owner: ctx.owner,
  });
  const input = await openInput(file);
  gc();
  const mem0 = held();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await readInput(input, 0, ctx, {}, run ? (r) => run.observe(r) : () => {});
  const t1 = performance.now();
  const cpu1 = process.cpuUsage(cpu0);
  const cands = run ? run.finish() : [];
  const t2 = performance.now();
  gc();
  const mem = held() - mem0;
  if (dump && detector) {
    const plain = cands.map(({ matches: _m, ...rest }) => rest);
    writeFileSync(join(dump, `${detector.meta.id}.json`), `${JSON.stringify(plain, null, 1)}\n`);
  }
  return {
    read: t1 - t0,
    cpu: (cpu1.user + cpu1.system) / 1000,
    finish: t2 - t1,
    mem,
    cands: cands.length,
    keep: [run, cands],
  };
}

const base = await pass(null);
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(`read only: ${s(base.read)} wall, ${s(base.cpu)} CPU; holds ${mib(base.mem)} (the NumberBook)`);
console.log(
  '| detector | observe beyond read (wall) | (CPU) | finish | held (heap + typed arrays, incl. NumberBook) | candidates |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const d of DETECTORS) {
  if (only.length && !only.includes(d.meta.id)) continue;
  const r = await pass(d);
  console.log(
    `| ${d.meta.id} | ${s(r.read - base.read)} | ${s(r.cpu - base.cpu)} | ${s(r.finish)} | ${mib(r.mem)} | ${r.cands} |`,
  );
}
