/**
 * Reading ahead for batches of rows. A detector that looks up every row in tables of megabytes (pairs,
 * sources) pays a cache miss per lookup, and one row's lookup waits for the previous row's to finish.
 * Buffering a few dozen rows, then reading each row's table entry in a loop where no read depends on
 * another, lets the processor wait for many misses at once; the rows are then processed in their order
 * of arrival, from the cache, exactly as one by one.
 *
 * The values read ahead are added into `readAhead.sum`, so that the compiler cannot drop the reads as
 * unused. The sum itself means nothing.
 */
export const readAhead = { sum: 0 };
