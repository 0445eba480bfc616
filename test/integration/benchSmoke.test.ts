import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipUnlessServices } from '../support/services.ts';

/**
 * The scale benchmark (bench/scale.ts) still runs end to end: `pnpm scale --smoke` with tiny
 * numbers (2 typists, 3 viewers, 1 generator, 2 s, 20-clause frameworks, two instances on
 * PostgreSQL + Redis) exits 0 and writes its JSON. No timing is asserted: figures are the
 * benchmark's business, on a quiet machine.
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
