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
    expect(config.database).toEqual({ kind: 'sqlite', file: path.join(dataDir, 'accord.sqlite') });
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

describe('DATABASE_URL', () => {
  const withUrl = (DATABASE_URL: string) => loadConfig({ DATA_DIR: dataDir, DATABASE_URL });

  it('picks PostgreSQL for postgres:// and postgresql:// URLs, kept as given', () => {
    const url = 'postgres://accord:secret@db.internal:5432/accord?sslmode=require';
    expect(withUrl(url).database).toEqual({ kind: 'postgres', url });
    expect(withUrl('postgresql://accord@127.0.0.1/accord').database).toEqual({
      kind: 'postgres',
      url: 'postgresql://accord@127.0.0.1/accord',
    });
    expect(withUrl('POSTGRES://accord@127.0.0.1/accord').database.kind).toBe('postgres');
  });

  it('picks SQLite for sqlite:<file> (from the repository root) and when unset or empty', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    expect(withUrl('sqlite:data/other.sqlite').database).toEqual({
      kind: 'sqlite',
      file: path.join(root, 'data/other.sqlite'),
    });
    expect(withUrl('sqlite:/var/lib/accord/accord.sqlite').database).toEqual({
      kind: 'sqlite',
      file: '/var/lib/accord/accord.sqlite',
    });
    expect(withUrl('').database).toEqual({ kind: 'sqlite', file: path.join(dataDir, 'accord.sqlite') });
  });

  it('refuses anything else with a ConfigError that names the variable but not the password', () => {
    for (const url of ['mysql://root:hunter2@db/accord', 'redis://db:6379', 'accord.sqlite', 'sqlite:']) {
      expect(() => withUrl(url), url).toThrow(ConfigError);
      expect(() => withUrl(url), url).toThrow(/^DATABASE_URL: /);
    }
    expect(() => withUrl('mysql://root:hunter2@db/accord')).toThrow(/"mysql:" is not supported/);
    expect(() => withUrl('mysql://root:hunter2@db/accord')).not.toThrow(/hunter2/);
    expect(() => withUrl('postgres://[broken')).toThrow(/not a valid postgres:\/\/ URL/);
  });

  it('takes a Redis URL for scale-out, with a session secret shared by the instances', () => {
    const secret = 'y'.repeat(32);
    expect(
      loadConfig({ DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:6379', SESSION_SECRET: secret }).redisUrl,
    ).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ DATA_DIR: dataDir }).redisUrl).toBeNull();
    expect(() => loadConfig({ DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/SESSION_SECRET/);
    expect(() =>
      loadConfig({ DATA_DIR: dataDir, REDIS_URL: 'http://user:hunter2@cache:6379', SESSION_SECRET: secret }),
    ).toThrow(/scheme "http:"/);
    expect(() =>
      loadConfig({ DATA_DIR: dataDir, REDIS_URL: 'http://user:hunter2@cache:6379', SESSION_SECRET: secret }),
    ).not.toThrow(/hunter2/);
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

describe('SMTP_URL', () => {
  const withMail = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });
  const mail = {
    SMTP_URL: 'smtp://mail.internal:587',
    MAIL_FROM: 'Accord <accord@example.org>',
    PUBLIC_URL: 'https://accord.example.org',
  };

  it('is off when unset: in-app notifications only', () => {
    expect(withMail({}).mail).toBeNull();
  });

  it('needs a sender and the public address for links, and takes the digest hour', () => {
    expect(withMail(mail).mail).toEqual({
      smtpUrl: 'smtp://mail.internal:587',
      from: 'Accord <accord@example.org>',
      publicUrl: 'https://accord.example.org',
      digestHourUtc: 7,
    });
    expect(withMail({ ...mail, DIGEST_HOUR_UTC: '18' }).mail?.digestHourUtc).toBe(18);
    expect(() => withMail({ ...mail, DIGEST_HOUR_UTC: '24' })).toThrow(/DIGEST_HOUR_UTC/);
    expect(() => withMail({ ...mail, MAIL_FROM: '' })).toThrow(/MAIL_FROM/);
    expect(() => withMail({ ...mail, PUBLIC_URL: 'accord.example.org' })).toThrow(/PUBLIC_URL/);
    // The message names the scheme, never the URL (it may hold a password).
    expect(() => withMail({ ...mail, SMTP_URL: 'http://user:secret@mail' })).toThrow(/^(?!.*secret).*SMTP_URL/s);
  });
});
