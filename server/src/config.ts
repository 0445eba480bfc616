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
  /** Unset: SQLite file in DATA_DIR. PostgreSQL arrives with the scale-out work. */
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  /** Required when NODE_ENV=production; otherwise generated once and kept in DATA_DIR. */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** Extra origins allowed to open the sync WebSocket (comma-separated); same-origin is always allowed. */
  ALLOWED_ORIGINS: z.string().default(''),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** Largest WebSocket message accepted; a bigger one closes that connection. */
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** The demo accounts share a published password: seeded by default outside production only. */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  NODE_ENV: z.string().default('development'),
});

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  sqliteFile: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  sessionSecret: string;
  allowedOrigins: string[];
  cookieSecure: boolean;
  maxMessageBytes: number;
  seedDemo: boolean;
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
  if (e.DATABASE_URL && !e.DATABASE_URL.startsWith('sqlite:')) {
    throw new ConfigError('DATABASE_URL: only the embedded SQLite store is available in this version (unset it).');
  }
  if (e.REDIS_URL) {
    throw new ConfigError('REDIS_URL: scale-out over Redis is not available in this version (unset it).');
  }
  const dataDir = path.resolve(REPOSITORY_ROOT, e.DATA_DIR);
  const sqliteFile = e.DATABASE_URL
    ? path.resolve(REPOSITORY_ROOT, e.DATABASE_URL.slice('sqlite:'.length))
    : path.join(dataDir, 'accord.sqlite');
  if (!e.SESSION_SECRET && e.NODE_ENV === 'production') {
    throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production.');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    sqliteFile,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: null,
    sessionSecret: e.SESSION_SECRET ?? localSessionSecret(dataDir),
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    cookieSecure: e.COOKIE_SECURE === 'true',
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    seedDemo: (e.SEED_DEMO ?? (e.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
  };
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
