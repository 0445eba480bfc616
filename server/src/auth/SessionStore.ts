import session from 'express-session';
import type { Storage } from '../storage/Storage.ts';

const DAY = 24 * 60 * 60 * 1000;

/** express-session store over our Storage, so sessions survive restarts (and, later, instances). */
export class StorageSessionStore extends session.Store {
  constructor(private readonly storage: Storage) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.storage.getSession(sid).then(
      (s) => callback(null, s ? (JSON.parse(s.data) as session.SessionData) : null),
      (err) => callback(err),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires).getTime() : Date.now() + DAY;
    this.storage.setSession(sid, { data: JSON.stringify(data), expiresAt }).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.storage.destroySession(sid).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    this.set(sid, data, () => callback?.());
  }
}
