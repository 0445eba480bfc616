import { DueTimer } from '../clock/DueTimer.ts';
import type { MailRecord, Storage } from '../storage/Storage.ts';
import { MAIL_CONNECTIONS, type Mailer } from './Mailer.ts';

/** First retry after 30 s, then doubling, at most an hour apart. */
export const RETRY_FIRST_MS = 30_000;
export const RETRY_MAX_MS = 60 * 60 * 1000;
/** A mail not sent this long after it was queued is given up (`dead`, logged). */
export const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
/** How long a claimed mail is this instance's to send before another may take it. */
const LEASE_MS = 5 * 60 * 1000;
const BATCH = 20;

/** The wait before the next attempt, after `attempts` failed ones. */
export function retryDelay(attempts: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

/**
 * Sends what the outbox holds (`mail_outbox`): each pass queues the daily digests that are due,
 * then claims due mails (a lease, so instances never send the same one together) and sends them,
 * `MAIL_CONNECTIONS` at a time. A failure (server down, refused) puts the mail back with the next attempt after
 * `retryDelay`; after `GIVE_UP_AFTER_MS` it is `dead`, logged. Nothing is held in memory: on
 * start the first pass picks up whatever is pending, whichever instance queued it.
 *
 * Delivery is at least once: a crash between the SMTP server's acceptance and the `sent` mark
 * sends that mail again after its lease.
 */
export class MailOutbox extends DueTimer {
  constructor(deps: {
    storage: Storage;
    mailer: Mailer;
    /** Queues due digests, answering when the next ones are due (`NotificationService.queueDueDigests`). */
    queueDigests: () => Promise<number | null>;
    now?: () => number;
    resyncMs?: number;
  }) {
    const now = deps.now ?? Date.now;
    const { storage, mailer } = deps;
    const attempt = async (mail: MailRecord): Promise<void> => {
      try {
        await mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        await storage.settleMail(mail.id, { status: 'sent', at: now() });
      } catch (failure) {
        const error = failure instanceof Error ? failure.message : String(failure);
        const retryAt = now() + retryDelay(mail.attempts);
        if (retryAt - mail.createdAt > GIVE_UP_AFTER_MS) {
          console.error(`mail ${mail.id} to ${mail.to} given up after ${mail.attempts} attempts: ${error}`);
          await storage.settleMail(mail.id, { status: 'dead', error });
        } else {
          await storage.settleMail(mail.id, { status: 'pending', nextAttemptAt: retryAt, error });
        }
      }
    };
    super(
      'sending mail',
      async (isStopped) => {
        const nextDigest = await deps.queueDigests();
        for (;;) {
          if (isStopped()) return null;
          const at = now();
          const claimed = await storage.claimDueMail(at, at + LEASE_MS, BATCH);
          // As many at once as the mailer keeps connections.
          let next = 0;
          const sender = async () => {
            for (let mail = claimed[next++]; mail !== undefined; mail = claimed[next++]) await attempt(mail);
          };
          await Promise.all(Array.from({ length: Math.min(MAIL_CONNECTIONS, claimed.length) }, sender));
          if (claimed.length < BATCH) break;
        }
        const nextMail = await storage.nextMailDueAt();
        const next = [nextDigest, nextMail].filter((t): t is number => t !== null);
        return next.length > 0 ? Math.min(...next) : null;
      },
      { now, resyncMs: deps.resyncMs },
    );
  }
}
