import fs from 'node:fs';
import path from 'node:path';
import { type App, createApp, type MailConfig, SqliteStorage, type Storage, seedDemo } from '@accord/server';
import { freshDataDir } from './server.ts';

export interface InProcessApp {
  app: App;
  storage: Storage;
  url: string;
  close(): Promise<void>;
}

/** The real app in this process (createApp + SQLite + demo seed) on port 0. */
export async function startInProcess(
  opts: {
    maxMessageBytes?: number;
    clientDist?: string;
    postingLimit?: number;
    now?: () => number;
    /** E-mail notifications (an SMTP server the test runs); absent: none. */
    mail?: MailConfig;
    /** What the app gets instead of the store itself (a test that acts between two writes). */
    wrapStorage?: (storage: Storage) => Storage;
  } = {},
): Promise<InProcessApp> {
  const dataDir = freshDataDir();
  const storage = SqliteStorage.open(path.join(dataDir, 'accord.sqlite'));
  await seedDemo(storage);
  const app = createApp({
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret!',
      allowedOrigins: [],
      cookieSecure: false,
      maxMessageBytes: opts.maxMessageBytes ?? 2 * 1024 * 1024,
      mail: opts.mail ?? null,
    },
    storage: opts.wrapStorage ? opts.wrapStorage(storage) : storage,
    clientDist: opts.clientDist ?? path.join(dataDir, 'no-client'),
    postingLimit: opts.postingLimit,
    now: opts.now,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    app,
    storage,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
