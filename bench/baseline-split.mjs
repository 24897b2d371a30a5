/**
 * Baseline: a plain Node line/field splitter (no quotes, no CRLF handling beyond the line, no
 * normalisation). Reads the file in 1 MiB chunks, cuts each chunk at its last newline (Buffer
 * lastIndexOf), decodes it as UTF-8 and splits lines and fields with indexOf into a string array per row.
 *
 *   node bench/baseline-split.mjs <file.csv>            parse only
 *   node bench/baseline-split.mjs <file.csv> --group    + count per (callee, hour) and distinct callees
 *                                                       per caller, in a Map and a Map of Sets
 *
 * Prints one JSON line: rows, fields, (groups), seconds, maxRssKiB.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const [file, flag] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/baseline-split.mjs <file.csv> [--group]');
  process.exit(2);
}
const group = flag === '--group';
const t0 = performance.now();

const perCalleeHour = new Map();
const calleesOfCaller = new Map();
let rows = 0;
let fields = 0;
let checksum = 0;

function onRow(f) {
  rows++;
  fields += f.length;
  checksum += f[3].length;
  if (!group || rows === 1) return; // The header row is not grouped.
  const key = `${f[2]}|${f[0].slice(0, 13)}`;
  perCalleeHour.set(key, (perCalleeHour.get(key) ?? 0) + 1);
  let set = calleesOfCaller.get(f[1]);
  if (set === undefined) {
    set = new Set();
    calleesOfCaller.set(f[1], set);
  }
  set.add(f[2]);
}

function splitText(text) {
  let from = 0;
  const n = text.length;
  while (from < n) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = n;
    let stop = end;
    if (stop > from && text.charCodeAt(stop - 1) === 13) stop--;
    if (stop > from) {
      const f = [];
      let a = from;
      for (;;) {
        const c = text.indexOf(',', a);
        if (c < 0 || c >= stop) {
          f.push(text.slice(a, stop));
          break;
        }
        f.push(text.slice(a, c));
        a = c + 1;
      }
      onRow(f);
    }
    from = end + 1;
  }
}

const fd = openSync(file, 'r');
const CHUNK = 1 << 20;
let buf = Buffer.allocUnsafe(CHUNK * 2);
let kept = 0;
for (;;) {
  if (buf.length - kept < CHUNK) {
    const bigger = Buffer.allocUnsafe(buf.length * 2);
    buf.copy(bigger, 0, 0, kept);
    buf = bigger;
  }
  const got = readSync(fd, buf, kept, CHUNK, null);
  const len = kept + got;
  if (got === 0) {
    if (len > 0) splitText(buf.toString('utf8', 0, len));
    break;
  }
  const cut = buf.lastIndexOf(10, len - 1);
  if (cut < 0) {
    kept = len;
    continue;
  }
  splitText(buf.toString('utf8', 0, cut + 1));
  kept = len - cut - 1;
  buf.copy(buf, 0, cut + 1, len);
}
closeSync(fd);

const out = {
  rows,
  fields,
  checksum,
  seconds: (performance.now() - t0) / 1000,
  maxRssKiB: process.resourceUsage().maxRSS,
};
if (group) {
  let pairs = 0;
  for (const s of calleesOfCaller.values()) pairs += s.size;
  Object.assign(out, {
    calleeHours: perCalleeHour.size,
    callers: calleesOfCaller.size,
    callerCalleePairs: pairs,
  });
}
console.log(JSON.stringify(out));
