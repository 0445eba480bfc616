import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipUnlessServices } from '../support/services.ts';

/**
 * The benchmarks still run end to end, so they cannot rot: `pnpm scale --smoke` with tiny
 * numbers (2 typists, 3 viewers, 1 generator, 2 s, 20-clause frameworks, two instances on
 * PostgreSQL + Redis) exits 0 and writes its JSON; `versions` and `notifications` with tiny
 * numbers pass their own exactness checks. No timing is asserted: figures are the benchmarks'
 * business, on a quiet machine.
 */

const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench');
const RESULT = path.join(BENCH, 'results', 'scale-smoke.json');

const skip = await skipUnlessServices(['postgres', 'redis'], 'the scale benchmark smoke test');

describe.skipIf(skip)('pnpm scale --smoke', () => {
  it('runs every part of the benchmark and writes bench/results/scale-smoke.json', async () => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scale.ts', '--smoke'], {
      cwd: BENCH,
      env: { ...process.env, CPU_PROF_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);

    expect(fs.statSync(RESULT).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
    const result = JSON.parse(fs.readFileSync(RESULT, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['machine', 'options', 'fanout', 'coldLoad', 'manyDocuments', 'crossInstance', 'targets']),
    );
    const fanout = result.fanout as Record<string, unknown>;
    expect(Object.keys(fanout)).toEqual(expect.arrayContaining(['accord', 'bare', 'ratios', 'rounds', 'medians']));
    for (const run of [fanout.accord, fanout.bare] as Record<string, unknown>[]) {
      expect(Object.keys(run)).toEqual(
        expect.arrayContaining([
          'editToAllMs',
          'editToEachMs',
          'deliveriesPerSecond',
          'serverCpuPct',
          'serverRssMiB',
          'generatorStats',
        ]),
      );
    }
    expect(Object.keys(result.coldLoad as object)).toEqual(
      expect.arrayContaining(['documents', 'connectToSyncedMs', 'rssPerDocumentKiB']),
    );
    expect(Object.keys(result.manyDocuments as object)).toEqual(
      expect.arrayContaining(['documents', 'rssPerDocumentKiB']),
    );
    const crossInstance = result.crossInstance as Record<string, unknown>;
    expect(Object.keys(crossInstance)).toEqual(expect.arrayContaining(['editToAllMs', 'groups', 'redis']));
    expect(Object.keys(crossInstance.redis as object)).toEqual(expect.arrayContaining(['commandsPerUpdate']));
    expect(result.targets).toHaveLength(6);
  }, 180_000);
});

/** Runs `node --import tsx <script> <args>` in bench/; answers its exit code and output. */
async function runBench(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: BENCH,
    env: { ...process.env, PIN: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/**
 * The versions and notifications benchmarks still run end to end, with tiny numbers: their own
 * exactness checks (every clause edited found, every mail once) must hold; no timing is asserted.
 */
describe('pnpm versions and pnpm notifications, tiny', () => {
  it('compares, publishes, restores and reports translation status (2 samples each)', async () => {
    const { code, output } = await runBench('versions.ts', ['2']);
    expect(code, output).toBe(0);
    expect(output).toMatch(/lmec-2017: 5 clauses edited through Yjs clients; the comparison found 5 changed/);
    expect(output).toMatch(/bench-300: 30 clauses edited through Yjs clients; the comparison found 30 changed/);
  }, 120_000);

  it('delivers every notification and mail exactly once (2 rounds, a burst of 4, no outage)', async () => {
    const { code, output } = await runBench('notifications.ts', ['2', '4', '0']);
    expect(code, output).toBe(0);
    expect(output).toContain('— all as expected');
  }, 120_000);
});
