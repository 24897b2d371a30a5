/**
 * The calls of one followed source, split into episodes at silences, in memory bounded by the calls of
 * its recent episodes rather than all its calls.
 *
 * An episode is a run of the source's calls, in time order, in which no two consecutive calls are more
 * than `gapMs` apart: the connected pieces of the sorted call times. Sorting every call and splitting it
 * at the end gives them exactly, but keeps every call until then. This buffer instead settles, from time
 * to time, the episodes that no later call can join any more, hands each to `onEpisode` and forgets its
 * calls.
 *
 * Which episodes are settled: when the buffer holds `settleAt` calls, its calls are sorted and split, and
 * every episode that lies entirely more than `gapMs + slackMs` away from the time of the latest call
 * (`now`) is settled. This is exact when each later call is at most `slackMs` older than the newest call
 * seen so far (an ascending input whose rows may be a little out of order, as when a switch writes a row
 * when a call ends) or at most `slackMs` newer than the oldest one (a descending input): a later call
 * then cannot come within `gapMs` of a settled episode, on whichever side of `now` the episode lies.
 * When an input breaks that (shuffled rows, several inputs that overlap or meet in time), an episode may
 * be handed over in pieces. `flush` settles everything left.
 *
 * Calls keep their order of arrival within the buffer, and each episode is handed over sorted by time
 * with a stable sort, so calls at the same instant come in order of arrival, as a sort of every call would
 * give them.
 */

/** Calls buffered before the first settling, and the least added before the next one. */
const MIN_SETTLE = 1024;
/** Smallest capacity of the columns. */
const MIN_CAPACITY = 64;

export type EpisodeSink = (calls: EpisodeBuffer, order: Uint32Array) => void;

export class EpisodeBuffer {
  /** Per buffered call, in order of arrival: time (epoch ms), line and caller ids, a value. */
  time = new Float64Array(MIN_CAPACITY);
  line = new Int32Array(MIN_CAPACITY);
  caller = new Int32Array(MIN_CAPACITY);
  value = new Float64Array(MIN_CAPACITY);
  length = 0;
  /**
   * Buffered calls that trigger the next settling: a quarter more than stay buffered (at least
   * MIN_SETTLE more), so a long episode is sorted a bounded number of times per call while the buffer
   * stays close to the calls it must hold.
   */
  private settleAt = MIN_SETTLE;

  constructor(
    private readonly gapMs: number,
    private readonly slackMs: number,
    private readonly onEpisode: EpisodeSink,
  ) {}

  add(time: number, line: number, caller: number, value: number): void {
    let n = this.length;
    if (n === this.time.length) this.resize(n + (n >> 1));
    this.time[n] = time;
    this.line[n] = line;
    this.caller[n] = caller;
    this.value[n] = value;
    this.length = ++n;
    if (n >= this.settleAt) this.settle(time);
  }

  /** Settles every episode farther than gap + slack from `now`; the others stay buffered. */
  settle(now: number): void {
    const horizon = this.gapMs + this.slackMs;
    this.split((lo, hi) => hi < now - horizon || lo > now + horizon);
    this.settleAt = this.length + Math.max(MIN_SETTLE, this.length >> 2);
  }

  /** Settles every buffered episode (end of input). */
  flush(): void {
    this.split(() => true);
    this.settleAt = this.length + MIN_SETTLE;
  }

  /**
   * Sorts the buffered calls by time (stable), hands over the episodes `done(start, end)` accepts and
   * keeps the calls of the others, in their order of arrival.
   */
  private split(done: (start: number, end: number) => boolean): void {
    const n = this.length;
    if (n === 0) return;
    const time = this.time;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => time[a] - time[b]);
    // keep[i] = 1 for a call of an episode that stays buffered.
    const keep = new Uint8Array(n);
    let kept = 0;
    let from = 0;
    for (let i = 1; i <= n; i++) {
      if (i < n && time[order[i]] - time[order[i - 1]] <= this.gapMs) continue;
      if (done(time[order[from]], time[order[i - 1]])) {
        this.onEpisode(this, order.subarray(from, i));
      } else {
        for (let k = from; k < i; k++) keep[order[k]] = 1;
        kept += i - from;
      }
      from = i;
    }
    if (kept === n) return;
    let w = 0;
    for (let i = 0; i < n; i++) {
      if (keep[i] === 0) continue;
      this.time[w] = this.time[i];
      this.line[w] = this.line[i];
      this.caller[w] = this.caller[i];
      this.value[w] = this.value[i];
      w++;
    }
    this.length = w;
    // Give back the room of a long episode once it is settled.
    if (this.time.length > 4 * Math.max(w, MIN_SETTLE)) this.resize(2 * Math.max(w, MIN_SETTLE));
  }

  /** New columns of `size` calls (at least the buffered ones), the buffered calls copied. */
  private resize(size: number): void {
    const n = this.length;
    const time = new Float64Array(size);
    time.set(this.time.subarray(0, n));
    this.time = time;
    const line = new Int32Array(size);
    line.set(this.line.subarray(0, n));
    this.line = line;
    const caller = new Int32Array(size);
    caller.set(this.caller.subarray(0, n));
    this.caller = caller;
    const value = new Float64Array(size);
    value.set(this.value.subarray(0, n));
    this.value = value;
  }
}
