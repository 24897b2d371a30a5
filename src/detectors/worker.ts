/**
 * A worker thread that runs a group of detectors (see remote.ts for the main thread's side). The main
 * thread reads the inputs once and sends every record in columnar batches (records/batch.ts):
 * - `observe` batches: the first pass of this thread's detectors;
 * - `finish`: answers with the candidates (plain data; their `matches` stay here);
 * - `match` batches: the evidence pass; answers with the (row, candidate) pairs that match.
 * Every answer goes through the reply port and bumps a shared counter, so the main thread can wait for
 * it synchronously (inside its reading loop) with Atomics.wait.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type CandidateIndex, forEachEligible, indexCandidates } from '../evidence/collect.js';
import { createFormatContext } from '../formats/context.js';
import { readBatch } from '../records/batch.js';
import type { CallRecord } from '../records/record.js';
import { type RemoteInit, type RemoteRequest, SHARED_IN_FLIGHT, SHARED_REPLIES } from './remote.js';
import { createRuns } from './runs.js';
import type { Candidate } from './types.js';

const init = workerData as RemoteInit;
const shared = new Int32Array(init.shared);
const port: MessagePort = init.port;
const ctx = createFormatContext(init.context);
const runs = createRuns(init.kinds, init.params, ctx);
let candidates: Candidate[] = [];
let index: CandidateIndex | null = null;
// The evidence pass's state for `visit` (one function, not one per row): the record, its row in the
// batch, and the (row, candidate) pairs found so far in the batch.
let current: CallRecord;
let currentRow = 0;
let pairs: number[] = [];
const visit = (k: number): void => {
  if (candidates[k].matches(current)) pairs.push(currentRow, k);
};
let failed = false;

function reply(message: unknown): void {
  port.postMessage(message);
  Atomics.add(shared, SHARED_REPLIES, 1);
  Atomics.notify(shared, SHARED_REPLIES);
}

function batchDone(): void {
  Atomics.sub(shared, SHARED_IN_FLIGHT, 1);
  Atomics.notify(shared, SHARED_IN_FLIGHT);
}

function handle(m: RemoteRequest): void {
  if (m.type === 'observe') {
    readBatch(m.batch, ctx.numbers, (r) => {
      for (let i = 0; i < runs.length; i++) runs[i].observe(r);
    });
  } else if (m.type === 'finish') {
    candidates = runs.flatMap((run) => run.finish());
    reply({
      type: 'candidates',
      list: candidates.map(({ matches: _m, ...plain }) => plain),
    });
  } else if (m.type === 'match') {
    index ??= indexCandidates(candidates, ctx.numbers);
    const ix = index;
    pairs = [];
    readBatch(m.batch, ctx.numbers, (r, row) => {
      current = r;
      currentRow = row;
      forEachEligible(ix, candidates.length, r, visit);
    });
    reply({ type: 'matches', pairs: Int32Array.from(pairs) });
  }
}

parentPort!.on('message', (m: RemoteRequest) => {
  try {
    if (!failed) handle(m);
  } catch (err) {
    failed = true;
    const e = err instanceof Error ? err : new Error(String(err));
    reply({ type: 'error', message: e.message, stack: e.stack });
  } finally {
    if (m.type === 'observe' || m.type === 'match') batchDone();
  }
});
