/**
 * Detectors on both cores: the main thread reads the inputs (once per pass) and runs one group of
 * detectors; each other group runs in a worker thread (worker.ts) fed with columnar record batches.
 * The findings are the same as on one thread: every detector still sees every record in input order,
 * and the evidence pass asks the worker which of its candidates each record supports, answers being
 * applied in record order (test/detectors/remote.test.ts and the CLI test compare both runs).
 *
 * The main thread waits for the worker synchronously (Atomics.wait on a shared counter, then
 * receiveMessageOnPort): the reading loop calls detectors synchronously, and waiting there is what
 * bounds the batches in flight, hence the memory, when the worker is the slower side.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RemoteEvidence } from '../evidence/collect.js';
import type { ContextOptions } from '../formats/context.js';
import type { FormatContext } from '../formats/types.js';
import { BatchWriter, type RecordBatch } from '../records/batch.js';
import type { NumberBook } from '../records/numbers.js';
import type { CallRecord } from '../records/record.js';
import { DETECTORS } from './index.js';
import type { ParamValues } from './params.js';
import type { Candidate, FindingKind } from './types.js';

export const SHARED_IN_FLIGHT = 0;
export const SHARED_REPLIES = 1;
/** Batches sent but not yet processed before the main thread waits (memory bound). */
const MAX_IN_FLIGHT = 4;
/** A worker that answers nothing for this long is taken as dead (a bug: stop with its message). */
const REPLY_TIMEOUT_MS = 10 * 60_000;

export interface RemoteInit {
  kinds: FindingKind[];
  params: ParamValues;
  context: ContextOptions;
  shared: SharedArrayBuffer;
  port: MessagePort;
}

export type RemoteRequest =
  | { type: 'observe'; batch: RecordBatch }
  | { type: 'finish' }
  | { type: 'match'; batch: RecordBatch };

type RemoteReply =
  | { type: 'candidates'; list: Omit<Candidate, 'matches'>[] }
  | { type: 'matches'; pairs: Int32Array }
  | { type: 'error'; message: string; stack?: string };

/**
 * First-pass CPU time of each detector beyond reading, in µs per row, on the benchmark export at 10 M
 * rows (per-thread CPU profiles of `analyze`; at that size every table is far larger than the caches,
 * which the 1 M export hides), to balance the groups. The main thread also reads and sends batches
 * (READ_COST); a worker turns batches back into records (WORKER_COST).
 */
export const DETECTOR_COST: Record<FindingKind, number> = {
  'call-storm': 0.67,
  'prefix-storm': 1.8,
  'robocall-flood': 0.57,
  'rotating-foreign-callers': 0.4,
  'neighbor-spoofing': 0.37,
  'spoofed-number-callbacks': 0.19,
  'repeat-caller': 0.72,
};
export const READ_COST = 1.7;
export const WORKER_COST = 0.5;

/** How many threads to use by default: the cores there are, at most 2 (the tested configuration). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * Splits detectors into `threads` groups of similar cost, the first one (the main thread's) also
 * carrying the reading. Greedy: the costliest detector goes to the least loaded group.
 */
export function planGroups(kinds: readonly FindingKind[], threads: number): FindingKind[][] {
  const groups: FindingKind[][] = Array.from({ length: Math.max(1, threads) }, () => []);
  const load = groups.map((_, i) => (i === 0 ? READ_COST : WORKER_COST));
  const sorted = [...kinds].sort((a, b) => DETECTOR_COST[b] - DETECTOR_COST[a]);
  for (const k of sorted) {
    let best = 0;
    for (let i = 1; i < groups.length; i++) if (load[i] < load[best]) best = i;
    groups[best].push(k);
    load[best] += DETECTOR_COST[k];
  }
  // Keep each group in the detectors' own order (the order candidates are produced in).
  return groups.map((g) => kinds.filter((k) => g.includes(k))).filter((g, i) => i === 0 || g.length > 0);
}

/**
 * Plans the groups for `threads` (default: defaultThreads) and starts a worker for each group but the
 * first, which the caller runs itself. From the TypeScript sources (tests), everything runs here.
 */
export function startDetectorThreads(
  params: ParamValues,
  ctx: FormatContext,
  threads?: number,
): { local: FindingKind[]; remotes: RemoteGroup[] } {
  const kinds = DETECTORS.map((d) => d.meta.id);
  const url = workerUrl();
  if (url === null) return { local: kinds, remotes: [] };
  const groups = planGroups(kinds, threads ?? defaultThreads());
  const context: ContextOptions = { country: ctx.country, tz: ctx.clock.tz, owner: ctx.owner };
  // The owner gets its id before any worker starts: a worker must never make ids of its own.
  if (ctx.owner) ctx.numbers.idOf(ctx.owner);
  const remotes = groups.slice(1).map((g) => new RemoteGroup(g, params, context, ctx.numbers, url));
  return { local: groups[0], remotes };
}

/** The evidence pass's view of the worker threads, seen as one. */
export function remoteEvidence(
  remotes: readonly RemoteGroup[],
  ordered: readonly Candidate[],
  cite: (k: number, r: CallRecord, raw: string | undefined) => void,
): RemoteEvidence {
  const parts = remotes.map((x) => x.evidence(ordered, cite));
  if (parts.length === 1) return parts[0];
  return {
    owns: (k) => parts.some((p) => p.owns(k)),
    offer: (r, raw) => {
      for (const p of parts) p.offer(r, raw);
    },
    drain: () => {
      for (const p of parts) p.drain();
    },
  };
}

/** Where the compiled worker is: beside this file in dist/; from the TypeScript sources, none. */
export function workerUrl(): URL | null {
  const here = new URL('./worker.js', import.meta.url);
  return fileURLToPath(import.meta.url).endsWith('.js') ? here : null;
}

/** The main thread's handle on one worker thread running a group of detectors. */
export class RemoteGroup {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly shared: Int32Array;
  private readonly writer: BatchWriter;
  /** Local candidate index -> global (report order) index, set by `evidence`. */
  private globalOf: number[] = [];
  private candidates: Candidate[] = [];

  constructor(
    readonly kinds: FindingKind[],
    params: ParamValues,
    context: ContextOptions,
    numbers: NumberBook,
    url: URL,
  ) {
    const buffer = new SharedArrayBuffer(8);
    this.shared = new Int32Array(buffer);
    const channel = new MessageChannel();
    this.port = channel.port1;
    const init: RemoteInit = { kinds, params, context, shared: buffer, port: channel.port2 };
    this.worker = new Worker(url, { workerData: init, transferList: [channel.port2] });
    this.writer = new BatchWriter(numbers);
  }

  /** First pass: queue the record for the worker's detectors. */
  observe(r: CallRecord): void {
    if (this.writer.add(r)) this.send('observe');
  }

  /** Ends the first pass; returns the worker's candidates (their `matches` must not be called here). */
  finish(): Candidate[] {
    if (this.writer.rows > 0) this.send('observe');
    this.worker.postMessage({ type: 'finish' } satisfies RemoteRequest);
    const m = this.waitReply();
    if (m.type !== 'candidates') throw new Error(`worker answered ${m.type} to finish`);
    this.candidates = m.list.map((c) => ({ ...c, matches: notHere }));
    return this.candidates;
  }

  /**
   * The evidence pass's view of this worker: `ordered` is every candidate in report order (this
   * worker's among them, as returned by `finish`).
   */
  evidence(
    ordered: readonly Candidate[],
    cite: (k: number, r: CallRecord, raw: string | undefined) => void,
  ): RemoteEvidence {
    const mine = new Set<Candidate>(this.candidates);
    const owned = ordered.map((c) => mine.has(c));
    const position = new Map(ordered.map((c, k) => [c, k]));
    this.globalOf = this.candidates.map((c) => position.get(c)!);
    // Records waiting for the worker's answer, batch by batch (answers come back in order).
    const waiting: { records: CallRecord[]; raws: (string | undefined)[] }[] = [];
    let current: { records: CallRecord[]; raws: (string | undefined)[] } = { records: [], raws: [] };
    const apply = (pairs: Int32Array): void => {
      const done = waiting.shift()!;
      for (let i = 0; i < pairs.length; i += 2) {
        cite(this.globalOf[pairs[i + 1]], done.records[pairs[i]], done.raws[pairs[i]]);
      }
    };
    const flush = (): void => {
      waiting.push(current);
      current = { records: [], raws: [] };
      this.send('match');
      // Apply the answers already there; wait when too many batches are out.
      for (;;) {
        const ready = receiveMessageOnPort(this.port)?.message as RemoteReply | undefined;
        if (ready) apply(expectMatches(ready));
        else if (waiting.length > MAX_IN_FLIGHT) apply(expectMatches(this.waitReply()));
        else break;
      }
    };
    return {
      owns: (k) => owned[k],
      offer: (r, raw) => {
        current.records.push(r);
        current.raws.push(raw);
        if (this.writer.add(r)) flush();
      },
      drain: () => {
        if (this.writer.rows > 0) flush();
        while (waiting.length > 0) apply(expectMatches(this.waitReply()));
      },
    };
  }

  async close(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }

  /** Sends the current batch; waits while too many are in flight. */
  private send(type: 'observe' | 'match'): void {
    const { batch, transfer } = this.writer.take();
    Atomics.add(this.shared, SHARED_IN_FLIGHT, 1);
    this.worker.postMessage({ type, batch } satisfies RemoteRequest, transfer);
    for (;;) {
      const n = Atomics.load(this.shared, SHARED_IN_FLIGHT);
      if (n <= MAX_IN_FLIGHT || type === 'match') break;
      if (Atomics.wait(this.shared, SHARED_IN_FLIGHT, n, REPLY_TIMEOUT_MS) === 'timed-out') this.dead();
    }
    // A worker that failed says so on its port: stop at once rather than at the end of the pass.
    if (type === 'observe') {
      const early = receiveMessageOnPort(this.port)?.message as RemoteReply | undefined;
      if (early) throw workerError(early);
    }
  }

  private waitReply(): RemoteReply {
    for (;;) {
      const seen = Atomics.load(this.shared, SHARED_REPLIES);
      const m = receiveMessageOnPort(this.port)?.message as RemoteReply | undefined;
      if (m) {
        if (m.type === 'error') throw workerError(m);
        return m;
      }
      if (Atomics.wait(this.shared, SHARED_REPLIES, seen, REPLY_TIMEOUT_MS) === 'timed-out') this.dead();
    }
  }

  private dead(): never {
    throw new Error(`detector thread (${this.kinds.join(', ')}) stopped answering`);
  }
}

function notHere(): boolean {
  throw new Error('this candidate is matched in its worker thread');
}

function expectMatches(m: RemoteReply): Int32Array {
  if (m.type === 'matches') return m.pairs;
  throw workerError(m);
}

function workerError(m: RemoteReply): Error {
  if (m.type !== 'error') return new Error(`unexpected answer from a detector thread: ${m.type}`);
  const err = new Error(`in a detector thread: ${m.message}`);
  if (m.stack) err.stack = `${err.message}\n--- worker stack ---\n${m.stack}`;
  return err;
}
