import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  /** Loopback by default: set 0.0.0.0 (as the container does) to serve other machines. */
  HOST: z.string().default('127.0.0.1'),
  /** Relative paths are taken from the repository root, whatever the working directory. */
  DATA_DIR: z.string().default('data'),
  /**
   * Unset: SQLite file in DATA_DIR. `sqlite:<file>`: that SQLite file. `postgres://…` or
   * `postgresql://…`: PostgreSQL, which several instances can share.
   */
  DATABASE_URL: z.string().optional(),
  /** Scale-out: `redis://…` (or `rediss://…`). Documents, events and throttling cross instances through it. */
  REDIS_URL: z.string().optional(),
  /** Required when NODE_ENV=production; otherwise generated once and kept in DATA_DIR. */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** Extra origins allowed to open the sync WebSocket (comma-separated); same-origin is always allowed. */
  ALLOWED_ORIGINS: z.string().default(''),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /**
   * Which proxies' X-Forwarded-For to believe (Express "trust proxy"): `loopback` by default;
   * behind a load balancer e.g. `uniquelocal` (private networks) or its address, or a hop count.
   */
  TRUST_PROXY: z.string().trim().min(1).default('loopback'),
  /** Largest WebSocket message accepted; a bigger one closes that connection. */
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** The demo accounts share a published password: seeded by default outside production only. */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  /** E-mail notifications: `smtp://user:pass@host:587` or `smtps://…:465`. Unset: in-app notifications only. */
  SMTP_URL: z.string().trim().optional(),
  /** The sender of notification mails, e.g. `Accord <accord@example.org>` (required with SMTP_URL). */
  MAIL_FROM: z.string().trim().optional(),
  /** The address people open the app at, for links in mails (required with SMTP_URL). */
  PUBLIC_URL: z.string().trim().optional(),
  /** The hour (UTC, 0–23) daily digests are sent. */
  DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(7),
  NODE_ENV: z.string().default('development'),
});

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Which store to open: the embedded SQLite file, or a PostgreSQL database. */
export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  /** DATABASE_URL as given (null when unset). */
  databaseUrl: string | null;
  redisUrl: string | null;
  sessionSecret: string;
  allowedOrigins: string[];
  cookieSecure: boolean;
  trustProxy: string | number;
  maxMessageBytes: number;
  seedDemo: boolean;
  /** E-mail notifications; null: none (SMTP_URL unset). */
  mail: MailConfig | null;
}

export interface MailConfig {
  smtpUrl: string;
  from: string;
  publicUrl: string;
  digestHourUtc: number;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; a bad value stops the start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const redisUrl = e.REDIS_URL ? redisUrlOf(e.REDIS_URL) : null;
  // Several instances must sign and read the same session cookies; a secret generated per
  // instance would sign people out whenever the balancer sends them elsewhere.
  if (redisUrl && !e.SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET is required with REDIS_URL: set the same one on every instance.');
  }
  const dataDir = path.resolve(REPOSITORY_ROOT, e.DATA_DIR);
  const database = databaseConfig(e.DATABASE_URL, dataDir);
  if (!e.SESSION_SECRET && e.NODE_ENV === 'production') {
    throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production.');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl,
    trustProxy: /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    sessionSecret: e.SESSION_SECRET ?? localSessionSecret(dataDir),
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    cookieSecure: e.COOKIE_SECURE === 'true',
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    seedDemo: (e.SEED_DEMO ?? (e.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
    mail: mailConfig(e),
  };
}

/** SMTP_URL set: mail on, with a sender and the public address for links (else a clear error). */
function mailConfig(e: z.infer<typeof envSchema>): MailConfig | null {
  if (!e.SMTP_URL) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(e.SMTP_URL)?.[1]?.toLowerCase();
  // The URL may carry a password: name the scheme only.
  if ((scheme !== 'smtp' && scheme !== 'smtps') || !URL.canParse(e.SMTP_URL))
    throw new ConfigError('SMTP_URL: expected smtp://host:port or smtps://host:port (with user:password@ if needed).');
  if (!e.MAIL_FROM) throw new ConfigError('MAIL_FROM is required with SMTP_URL (e.g. "Accord <accord@example.org>").');
  if (!e.PUBLIC_URL || !/^https?:\/\//.test(e.PUBLIC_URL) || !URL.canParse(e.PUBLIC_URL))
    throw new ConfigError('PUBLIC_URL is required with SMTP_URL: the address people open Accord at (https://…).');
  return { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, publicUrl: e.PUBLIC_URL, digestHourUtc: e.DIGEST_HOUR_UTC };
}

/**
 * DATABASE_URL → the store: unset or empty → SQLite in DATA_DIR; `sqlite:<file>` (relative to the
 * repository root) → that file; `postgres://` or `postgresql://` → PostgreSQL. Messages name
 * the scheme only: the URL may carry a password.
 */
function databaseConfig(url: string | undefined, dataDir: string): DatabaseConfig {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'accord.sqlite') };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (!file) throw new ConfigError('DATABASE_URL: sqlite: needs a file path (sqlite:data/accord.sqlite).');
    return { kind: 'sqlite', file: path.resolve(REPOSITORY_ROOT, file) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!URL.canParse(url)) throw new ConfigError(`DATABASE_URL: not a valid ${scheme}:// URL.`);
    return { kind: 'postgres', url };
  }
  throw new ConfigError(
    `DATABASE_URL: ${scheme ? `"${scheme}:" is not supported` : 'not a URL'}; ` +
      'use postgres://user@host:5432/database (or postgresql://), sqlite:<file>, or leave it unset for SQLite in DATA_DIR.',
  );
}

/** A secret made once per data folder, so sessions survive restarts of the embedded default. */
function localSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

function redisUrlOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('REDIS_URL: not a URL (expected redis://host:port).');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    // The value may hold a password: name the scheme only.
    throw new ConfigError(`REDIS_URL: unsupported scheme "${url.protocol}" (expected redis:// or rediss://).`);
  }
  return value;
}
