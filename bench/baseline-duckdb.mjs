/**
 * The database baseline of the scale issue: DuckDB reads the CSV and runs the plain group-by (calls per
 * callee and hour, distinct callees per caller) on 2 threads. Prints one JSON line like
 * baseline-split.mjs. DuckDB is not a dependency of cdrscope: run.mjs installs `@duckdb/node-api` into
 * bench/data/duckdb/ when asked (`--duckdb`), and passes its folder as the second argument.
 *
 *   node bench/baseline-duckdb.mjs <file.csv> <folder holding node_modules/@duckdb/node-api>
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, prefix] = process.argv.slice(2);
const entry = createRequire(join(prefix, 'package.json')).resolve('@duckdb/node-api');
const { DuckDBInstance } = await import(pathToFileURL(entry).href);

const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
const path = file.replaceAll("'", "''");
const csv = `read_csv('${path}', header = true, columns = {'start': 'TIMESTAMP', 'caller': 'VARCHAR', 'callee': 'VARCHAR', 'duration': 'INTEGER', 'status': 'VARCHAR', 'direction': 'VARCHAR'})`;
const result = await conn.runAndReadAll(`
  WITH calls AS MATERIALIZED (SELECT * FROM ${csv})
  SELECT
    (SELECT count(*) FROM calls),
    (SELECT count(*) FROM (SELECT callee, date_trunc('hour', start), count(*) FROM calls GROUP BY ALL)),
    (SELECT count(*) FROM (SELECT caller, count(DISTINCT callee) FROM calls GROUP BY caller))`);
const [rows, calleeHours, callers] = result.getRows()[0].map(Number);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({ rows, calleeHours, callers, seconds, maxRssKiB: process.resourceUsage().maxRSS }),
);
