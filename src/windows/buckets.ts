/**
 * Time windows. Buckets are fixed-size slices of UTC time (an hour is the same hour everywhere that
 * has whole-hour offsets); calendar days and hours of day are taken in the run's zone through Clock.
 */
import type { Clock } from '../records/time.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Index of the fixed-size bucket holding an instant. */
export function bucketOf(epochMs: number, sizeMs: number): number {
  return Math.floor(epochMs / sizeMs);
}

/**
 * Index of the local calendar day of an instant in the clock's zone (days since 1970-01-01 local).
 * Two instants share an index when they fall on the same local date.
 */
export function localDayIndex(clock: Clock, epochMs: number): number {
  return Math.floor((epochMs + clock.offsetMinutes(epochMs) * MINUTE) / DAY);
}

/** Start instant of a local day index (local midnight), honouring the zone's offset on that day. */
export function localDayStart(clock: Clock, dayIndex: number): number {
  const wall = dayIndex * DAY;
  const d = new Date(wall);
  return clock.wallToEpoch(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, 0, 0);
}

/** Parses a window length such as `30m`, `1h`, `6h`, `1d`, `7d` into milliseconds; NaN if malformed. */
export function parseWindow(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)\s*$/i.exec(text);
  if (!m) return Number.NaN;
  const n = +m[1];
  const unit = m[2].toLowerCase();
  const size =
    unit === 's'
      ? 1000
      : unit === 'm' || unit === 'min'
        ? MINUTE
        : unit === 'h'
          ? HOUR
          : unit === 'd'
            ? DAY
            : 7 * DAY;
  return n * size;
}
