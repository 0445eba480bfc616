import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalesce.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createCoalescer', () => {
  it('runs a key once at a time, and once more for any requests made meanwhile', async () => {
    const coalesce = createCoalescer();
    const runs: string[] = [];
    let release = () => {};
    const task = (name: string) => () => {
      runs.push(name);
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    };
    const done: string[] = [];
    void coalesce('k', task('first')).then(() => done.push('first'));
    void coalesce('k', task('second')).then(() => done.push('second'));
    void coalesce('k', task('third')).then(() => done.push('third'));
    void coalesce('other', async () => {
      runs.push('other');
    });
    expect(runs).toEqual(['first', 'other']);
    release();
    await tick();
    expect(runs).toEqual(['first', 'other', 'third']);
    // Those who asked meanwhile wait for the run once more.
    expect(done).toEqual(['first']);
    release();
    await tick();
    expect(runs).toEqual(['first', 'other', 'third']);
    expect(done).toEqual(['first', 'second', 'third']);
  });
});
