import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/detectors/index.js';
import { DETECTOR_COST, planGroups, READ_COST, WORKER_COST } from '../../src/detectors/remote.js';

const KINDS = DETECTORS.map((d) => d.meta.id);

describe('planGroups', () => {
  it('one thread: every detector on the main thread, in their own order', () => {
    expect(planGroups(KINDS, 1)).toEqual([KINDS]);
  });

  it('two threads: every detector exactly once, each group in detector order, loads within the costliest detector', () => {
    const groups = planGroups(KINDS, 2);
    expect(groups).toHaveLength(2);
    expect(groups.flat().sort()).toEqual([...KINDS].sort());
    for (const g of groups) expect(g).toEqual(KINDS.filter((k) => g.includes(k)));
    // The main thread also reads the inputs, a worker decodes batches: the planner's own model.
    const load = groups.map(
      (g, i) => (i === 0 ? READ_COST : WORKER_COST) + g.reduce((s, k) => s + DETECTOR_COST[k], 0),
    );
    const maxCost = Math.max(...KINDS.map((k) => DETECTOR_COST[k]));
    expect(Math.abs(load[0] - load[1])).toBeLessThanOrEqual(maxCost);
    // The main thread, which also reads and sends, carries less detector work than the worker.
    const work = groups.map((g) => g.reduce((s, k) => s + DETECTOR_COST[k], 0));
    expect(work[0]).toBeLessThan(work[1]);
  });

  it('more threads than detectors: no empty worker group', () => {
    const groups = planGroups(KINDS, 20);
    expect(groups.slice(1).every((g) => g.length > 0)).toBe(true);
    expect(groups.flat().sort()).toEqual([...KINDS].sort());
  });
});
