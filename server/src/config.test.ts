import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = path.join(os.tmpdir(), `accord-config-${process.pid}`);

describe('loadConfig', () => {
  it('defaults to the embedded SQLite store on port 4321', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.port).toBe(4321);
    expect(config.sqliteFile).toBe(path.join(dataDir, 'accord.sqlite'));
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    // The generated secret is kept, so sessions survive a restart.
    expect(loadConfig({ DATA_DIR: dataDir }).sessionSecret).toBe(config.sessionSecret);
  });

  it('seeds the demo accounts (published password) only outside production, unless asked', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).seedDemo).toBe(true);
    const production = { DATA_DIR: dataDir, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) };
    expect(loadConfig(production).seedDemo).toBe(false);
    expect(loadConfig({ ...production, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir }).host).toBe('127.0.0.1');
  });

  it('refuses bad values with a message that names them', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' })).toThrow(ConfigError);
  });
});

describe('relative paths', () => {
  it('are taken from the repository root, not the working directory', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const dataDir = path.join(root, `.tmp/config-test-${process.pid}`);
    try {
      expect(loadConfig({ DATA_DIR: path.relative(root, dataDir) }).dataDir).toBe(dataDir);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
