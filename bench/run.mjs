/**
 * `npm run bench [-- options]`: times `cdrscope inspect` and `cdrscope analyze` (through the real CLI)
 * on a generated export against baselines measured in the same run, and writes bench/RESULTS.md.
 *
 * Options:
 *   --rows N        rows of the generated export (default 10000000; `1m`, `10m` accepted)
 *   --seed N        generator seed (default 1)
 *   --runs N        timed runs per command; the fastest is reported (default 1)
 *   --no-build      time bin/cdrscope with the dist/ already built, instead of a private build
 *   --no-group      skip the splitter + Map/Set group-by baseline
 *   --no-duckdb     skip the DuckDB baseline (read_csv + the same group-by on 2 threads); otherwise
 *                   `@duckdb/node-api` is installed once into bench/data/duckdb/ (not a cdrscope
 *                   dependency), and the baseline is skipped with a note when that fails
 *   --reference     also run inspect and analyze with the csv-parse tokenizer only
 *                   (CDRSCOPE_CSV=csv-parse) and check the findings are identical
 *   --profile       also run inspect and analyze (and inspect with csv-parse only, with --reference)
 *                   under `node --cpu-prof` and list the top self-time functions and files
 *
 * The CLI timed is a private build of src/ made at the start of the run (bench/data/build/, the same
 * `tsc -p tsconfig.build.json` as `npm run build`), so that a rebuild of dist/ by someone else during a
 * long run cannot change the code half-way (the reference and fast runs must run the same code).
 * The export is generated under bench/data/ (git-ignored) and reused while its size and seed match.
 * Wall time is measured around each process; peak RSS comes from `/usr/bin/time -v`.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureExport } from './generate.mjs';
import { profileMarkdown, summarizeProfile } from './profile-summary.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, 'bench', 'data');
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const TIME = '/usr/bin/time';

function parseArgs(argv) {
  const opts = {
    rows: 10_000_000,
    seed: 1,
    runs: 1,
    build: true,
    group: true,
    duckdb: true,
    reference: false,
    profile: false,
  };
  const count = (v) => {
    const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(String(v).replace(/_/g, ''));
    if (!m) throw new Error(`not a count: ${v}`);
    const mult = { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()];
    return Math.round(Number(m[1]) * mult);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--rows') opts.rows = count(value());
    else if (flag === '--seed') opts.seed = count(value());
    else if (flag === '--runs') opts.runs = Math.max(1, count(value()));
    else if (flag === '--no-build') opts.build = false;
    else if (flag === '--no-group') opts.group = false;
    else if (flag === '--no-duckdb') opts.duckdb = false;
    else if (flag === '--reference') opts.reference = true;
    else if (flag === '--profile') opts.profile = true;
    else throw new Error(`unknown option ${argv[i]} (see the header of bench/run.mjs)`);
  }
  return opts;
}

const hasTime = existsSync(TIME);

/** Runs a command once; returns wall seconds, peak RSS (KiB, or null) and the exit status. */
function timeOnce(cmd, args, { stdout = '/dev/null', env } = {}) {
  const out = openSync(stdout, 'w');
  const argv = hasTime ? ['-v', cmd, ...args] : args;
  const t0 = performance.now();
  const res = spawnSync(hasTime ? TIME : cmd, argv, {
    cwd: ROOT,
    stdio: ['ignore', out, 'pipe'],
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  closeSync(out);
  const stderr = res.stderr?.toString() ?? '';
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : null;
  const status = hasTime ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? res.status) : res.status;
  if (status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${status}:\n${stderr.slice(-2000)}`);
  }
  return { seconds, cpu, rssKiB: rss ? Number(rss[1]) : null };
}

function timeBest(cmd, args, opts, runs) {
  let best = null;
  for (let i = 0; i < runs; i++) {
    const r = timeOnce(cmd, args, opts);
    if (best === null || r.seconds < best.seconds) best = r;
  }
  return best;
}

function machine() {
  let cpu = 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // Not Linux: os.cpus() below.
  }
  if (cpu === 'unknown') cpu = os.cpus()[0]?.model ?? cpu;
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).stdout?.toString().trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT })
    .stdout?.toString()
    .trim();
  return {
    cpu,
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    memGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    commit: git ? `${git}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown',
  };
}

const fmt = {
  s: (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1)),
  rate: (rows, s) => {
    const r = rows / s;
    return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : `${(r / 1e3).toFixed(0)} k`;
  },
  mib: (kib) => (kib === null ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`),
  x: (a, b) => `${(a / b).toFixed(2)}×`,
};

/** The findings document without what changes from run to run. */
/** Folder holding node_modules/@duckdb/node-api (installed there once), or null when it cannot be had. */
function ensureDuckDB(log) {
  const dir = join(DATA, 'duckdb');
  if (existsSync(join(dir, 'node_modules', '@duckdb', 'node-api'))) return dir;
  log('installing @duckdb/node-api into bench/data/duckdb/ (baseline only)...');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  const res = spawnSync('npm', ['install', '--no-audit', '--no-fund', '@duckdb/node-api'], {
    cwd: dir,
    stdio: 'ignore',
  });
  return res.status === 0 && existsSync(join(dir, 'node_modules', '@duckdb', 'node-api')) ? dir : null;
}

function stableFindings(path) {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  delete doc.generatedAt;
  delete doc.command;
  return JSON.stringify(doc);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(DATA, { recursive: true });
  const log = (msg) => process.stderr.write(`${msg}\n`);
  if (!hasTime) log(`${TIME} not found (apt-get install -y time): peak RSS is not measured`);

  let cli = 'bin/cdrscope';
  if (opts.build) {
    log('building a private copy of the CLI (tsc -p tsconfig.build.json --outDir bench/data/build/dist)...');
    cli = buildSnapshot(log);
  }

  const exp = ensureExport(opts.rows, opts.seed, DATA);
  log(
    exp.generated
      ? `generated ${exp.path} (${(exp.bytes / 1e6).toFixed(0)} MB) in ${exp.seconds.toFixed(1)} s`
      : `reusing ${exp.path} (${(exp.bytes / 1e6).toFixed(0)} MB)`,
  );
  const file = exp.path;
  const rel = file.startsWith(ROOT) ? file.slice(ROOT.length) : file;
  const rows = opts.rows;
  const tag = `${rows}-s${opts.seed}`;

  const loadStart = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  // Warm the page cache; every figure below is for a file in cache.
  timeOnce('cat', [file]);

  const results = [];
  const notes = [];
  const run = (name, what, cmd, args, extra = {}) => {
    log(`timing ${name}...`);
    const r = timeBest(cmd, args, extra, opts.runs);
    const shown = [cmd === process.execPath ? 'node' : cmd, ...args]
      .map((a) => (a.startsWith(ROOT) ? a.slice(ROOT.length) : a))
      .join(' ');
    const env = extra.env ? `${Object.entries(extra.env).map(([k, v]) => `${k}=${v}`)} ` : '';
    results.push({ name, what, env, command: shown, ...r });
    log(
      `  ${fmt.s(r.seconds)} s wall, ${r.cpu === null ? '?' : fmt.s(r.cpu)} s CPU, ${fmt.rate(rows, r.seconds)} rows/s, peak RSS ${fmt.mib(r.rssKiB)}`,
    );
    return r;
  };
  const node = process.execPath;
  run('cat', '`cat file > /dev/null`', 'cat', [file]);
  run('split', 'plain Node splitter, parse only (baseline-split.mjs)', node, [
    'bench/baseline-split.mjs',
    file,
  ]);
  if (opts.group) {
    run('group', 'splitter + Map/Set group-by (count per callee×hour, distinct callees per caller)', node, [
      'bench/baseline-split.mjs',
      file,
      '--group',
    ]);
  }
  if (opts.duckdb) {
    const duckdb = ensureDuckDB(log);
    if (duckdb) {
      run('duckdb', 'DuckDB read_csv + the same group-by, 2 threads (baseline-duckdb.mjs)', node, [
        'bench/baseline-duckdb.mjs',
        file,
        duckdb,
      ]);
    } else notes.push('DuckDB baseline skipped: `@duckdb/node-api` could not be installed.');
  }
  const inspectOut = join(DATA, `inspect-${tag}.json`);
  const analyzeOut = join(DATA, `analyze-${tag}.json`);
  run('inspect', '`cdrscope inspect --json` (parse + normalise)', node, [cli, 'inspect', file, '--json'], {
    stdout: inspectOut,
  });
  // The same read with the byte reader off: what reading from bytes saves, with the same result.
  const inspectTextOut = join(DATA, `inspect-${tag}-text.json`);
  run(
    'inspect-text',
    '`CDRSCOPE_CSV=text cdrscope inspect --json` (text tokenizer, byte reader off)',
    node,
    [cli, 'inspect', file, '--json'],
    { stdout: inspectTextOut, env: { CDRSCOPE_CSV: 'text' } },
  );
  notes.push(
    stableFindings(inspectOut) === stableFindings(inspectTextOut)
      ? 'inspect documents from bytes and from text are identical (ignoring generatedAt and command).'
      : '**inspect documents differ between the byte reader and the text tokenizer.**',
  );
  run(
    'analyze',
    '`cdrscope analyze --json` (every detector, two passes, 2 threads)',
    node,
    [cli, 'analyze', file, '--json'],
    {
      stdout: analyzeOut,
    },
  );

  // The same analysis on one thread: the time the second core saves, and the same findings.
  const oneThreadOut = join(DATA, `analyze-${tag}-1thread.json`);
  run(
    'analyze-1t',
    '`cdrscope analyze --json --threads 1` (every detector on the main thread)',
    node,
    [cli, 'analyze', file, '--json', '--threads', '1'],
    { stdout: oneThreadOut },
  );
  notes.push(
    stableFindings(analyzeOut) === stableFindings(oneThreadOut)
      ? 'Findings documents on 2 threads and on 1 thread are identical (ignoring generatedAt and command).'
      : '**Findings documents differ between 2 threads and 1 thread.**',
  );

  // What the CLI read must be what was generated.
  const ins = JSON.parse(readFileSync(inspectOut, 'utf8')).inputs[0];
  const findings = JSON.parse(readFileSync(analyzeOut, 'utf8')).findings ?? [];
  notes.push(
    `inspect read ${ins.rows} rows (${ins.rejected} rejected, ${ins.skipped} skipped), ` +
      `${ins.distinctNumbers} distinct numbers; analyze reported ${findings.length} finding${findings.length === 1 ? '' : 's'}.`,
  );
  if (ins.rows !== rows || ins.rejected !== 0)
    notes.push(`**inspect did not read the ${rows} generated rows.**`);

  if (opts.reference) {
    const env = { CDRSCOPE_CSV: 'csv-parse' };
    const refAnalyzeOut = join(DATA, `analyze-${tag}-reference.json`);
    run(
      'inspect-ref',
      '`cdrscope inspect --json`, csv-parse tokenizer only',
      node,
      [cli, 'inspect', file, '--json'],
      {
        stdout: join(DATA, `inspect-${tag}-reference.json`),
        env,
      },
    );
    run(
      'analyze-ref',
      '`cdrscope analyze --json`, csv-parse tokenizer only',
      node,
      [cli, 'analyze', file, '--json'],
      {
        stdout: refAnalyzeOut,
        env,
      },
    );
    const same = stableFindings(analyzeOut) === stableFindings(refAnalyzeOut);
    notes.push(
      same
        ? 'Findings documents with and without the fast tokenizer are identical (ignoring generatedAt and command).'
        : '**Findings documents differ between the fast tokenizer and csv-parse.**',
    );
  }

  const profiles = [];
  if (opts.profile) {
    const targets = [
      ['inspect', 'cdrscope inspect --json', {}],
      ['analyze', 'cdrscope analyze --json', {}],
      ...(opts.reference
        ? [['inspect', 'CDRSCOPE_CSV=csv-parse cdrscope inspect --json', { CDRSCOPE_CSV: 'csv-parse' }]]
        : []),
    ];
    for (const [k, [command, title, env]] of targets.entries()) {
      const dir = join(DATA, `prof-${tag}-${k}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      log(`profiling ${title} (node --cpu-prof)...`);
      timeOnce(node, ['--cpu-prof', `--cpu-prof-dir=${dir}`, cli, command, file, '--json'], { env });
      const prof = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (prof) profiles.push({ title, summary: summarizeProfile(join(dir, prof), k === 1 ? 20 : 12) });
    }
  }

  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const split = byName.split.seconds;
  const cpuOf = (r) => r.cpu ?? r.seconds;
  const table = [
    '| what | wall | CPU (user+sys) | rows/s (wall) | wall × splitter | CPU × splitter | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.what} | ${fmt.s(r.seconds)} s | ${r.cpu === null ? 'n/a' : `${fmt.s(r.cpu)} s`} | ${fmt.rate(rows, r.seconds)} | ${fmt.x(r.seconds, split)} | ${fmt.x(cpuOf(r), cpuOf(byName.split))} | ${fmt.mib(r.rssKiB)} |`,
    ),
  ];
  const both = (a, b) => `${fmt.x(a.seconds, b.seconds)} wall, ${fmt.x(cpuOf(a), cpuOf(b))} CPU`;
  const ratios = [];
  ratios.push(`- inspect / splitter: **${both(byName.inspect, byName.split)}** (target ≤ 2×)`);
  if (byName.group) {
    ratios.push(
      `- analyze / (splitter + group-by): **${both(byName.analyze, byName.group)}** (analyze ${fmt.rate(rows, byName.analyze.seconds)} rows/s; target ≥ 1 M rows/s)`,
    );
  }
  if (byName.duckdb) {
    ratios.push(`- analyze / DuckDB group-by: **${both(byName.analyze, byName.duckdb)}** (target ≤ 1×)`);
  }
  ratios.push(`- analyze on 2 threads / on 1 thread: **${both(byName.analyze, byName['analyze-1t'])}**`);
  if (byName['inspect-ref']) {
    ratios.push(
      `- csv-parse only / fast tokenizer: inspect ${both(byName['inspect-ref'], byName.inspect)}; analyze ${both(byName['analyze-ref'], byName.analyze)}`,
    );
  }
  const load = `load average ${loadStart} at the start, ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at the end`;
  const m = machine();
  const section = [
    `<!-- bench rows=${rows} seed=${opts.seed} -->`,
    `## ${rows.toLocaleString('en-US')} rows (seed ${opts.seed})`,
    '',
    `Run ${new Date().toISOString()} on ${m.cpu}, ${m.nproc} CPUs, ${m.memGiB.toFixed(1)} GiB, Node ${m.node}, ${m.kernel}; commit ${m.commit}; ${load}. CPU time is the steadier figure when the machine is shared.`,
    `Export: \`${rel}\`, ${(exp.bytes / 1e6).toFixed(0)} MB, generic CSV, ISO local timestamps over March 2026, E.164 numbers (file in page cache). Best of ${opts.runs} run${opts.runs > 1 ? 's' : ''}.`,
    '',
    ...table,
    '',
    ...ratios,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    opts.build
      ? 'Commands (from the project root; `bench/data/build/cdrscope.mjs` is bin/cdrscope over a build of src/ made at the start of the run):'
      : 'Commands (`npm run build` first; from the project root):',
    '',
    '```',
    `npm run bench -- ${process.argv.slice(2).join(' ')}`.trimEnd(),
    ...results.map((r) => `${r.env}${hasTime ? '/usr/bin/time -v ' : ''}${r.command}`),
    '```',
    ...profiles.flatMap((p) => [
      '',
      `Profile of \`${p.title}\` (\`node --cpu-prof\`), top self time:`,
      '',
      profileMarkdown(p.summary),
    ]),
    `<!-- /bench rows=${rows} seed=${opts.seed} -->`,
  ].join('\n');

  process.stdout.write(`\n${section}\n`);
  writeResults(section, rows, opts.seed);
  log(`wrote ${RESULTS.slice(ROOT.length)}`);
}

/** Builds src/ into bench/data/build/dist and returns the launcher to run it with (as bin/cdrscope does). */
function buildSnapshot(log) {
  const build = join(DATA, 'build');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const b = spawnSync(tsc, ['-p', 'tsconfig.build.json', '--outDir', join(build, 'dist')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (b.status !== 0) log('tsc reported errors; timing the build it produced anyway');
  // dist/version.js reads ../package.json.
  copyFileSync(join(ROOT, 'package.json'), join(build, 'package.json'));
  const launcher = join(build, 'cdrscope.mjs');
  writeFileSync(launcher, "import('./dist/cli/main.js').then((cli) => cli.main(process.argv));\n");
  return launcher;
}

/** Replaces this size's section of RESULTS.md (other sizes' sections are kept). */
function writeResults(section, rows, seed) {
  const head =
    '# cdrscope benchmark results\n\nWritten by `npm run bench` (bench/run.mjs); one section per export size. ' +
    'Ratios compare processes timed in the same run on the same machine.\n';
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : head;
  const start = `<!-- bench rows=${rows} seed=${seed} -->`;
  const end = `<!-- /bench rows=${rows} seed=${seed} -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) text = `${text.slice(0, a)}${section}${text.slice(b + end.length)}`;
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, text);
}

main();
