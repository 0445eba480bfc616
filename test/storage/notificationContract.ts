import type { Storage } from '@accord/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageFactory } from './storageContract.ts';

type NotificationRecord = Parameters<Storage['addNotifications']>[0][number]['notification'];
type MailRecord = NonNullable<Parameters<Storage['addNotifications']>[0][number]['mail']>;

async function seed(storage: Storage): Promise<void> {
  await storage.createConsultation({
    consultation: { id: 'c1', title: { en: 'Framework', zh: '框架' } },
    framework: { consultationId: 'c1', sections: [], clauses: [] },
    documents: new Map(),
  });
  await storage.upsertStakeholder({ id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } });
  for (const id of ['p1', 'p2'])
    await storage.createPerson({
      id,
      email: `${id}@example.org`,
      name: `Person ${id}`,
      role: 'delegate',
      stakeholderId: 'laos',
      passwordHash: 'h',
    });
}

const note = (id: string, overrides: Partial<NotificationRecord> = {}): NotificationRecord => ({
  id,
  personId: 'p1',
  consultationId: 'c1',
  kind: 'thread.reply',
  actorId: 'p2',
  payload: { threadId: 't1', clauseId: 'k1', commentId: `comment-${id}` },
  createdAt: 1_000,
  readAt: null,
  dedupeKey: `reply:${id}`,
  ...overrides,
});

const mail = (id: string, overrides: Partial<MailRecord> = {}): MailRecord => ({
  id,
  personId: 'p1',
  to: 'p1@example.org',
  subject: `Subject ${id} — 主题`,
  text: 'Text\n文本',
  html: null,
  notificationIds: [id],
  status: 'pending',
  attempts: 0,
  nextAttemptAt: 1_000,
  lastError: null,
  createdAt: 1_000,
  sentAt: null,
  ...overrides,
});

/** Notifications, e-mail preferences and the mail outbox: what every store must do. */
export function describeNotificationContract(name: string, factory: () => StorageFactory) {
  describe(`Notification storage contract: ${name}`, () => {
    let f: StorageFactory;
    let storage: Storage;
    beforeEach(async () => {
      f = factory();
      storage = await f.open();
      await seed(storage);
    });
    afterEach(async () => {
      await storage.close().catch(() => {});
      await f.destroy();
    });

    it('writes each notification once per person and dedupe key, queueing the mail of those written only', async () => {
      const written = await storage.addNotifications([
        { notification: note('n1'), mail: mail('m1') },
        { notification: note('n2', { personId: 'p2', dedupeKey: 'reply:n1' }), mail: null },
      ]);
      expect(written.map((n) => n.id)).toEqual(['n1', 'n2']);
      // The same event again (another instance, a clock running twice): nothing new, no second mail.
      const again = await storage.addNotifications([
        { notification: note('n3', { dedupeKey: 'reply:n1' }), mail: mail('m3') },
      ]);
      expect(again).toEqual([]);
      expect((await storage.listNotifications('p1', { limit: 10 })).map((n) => n.id)).toEqual(['n1']);
      expect((await storage.listMail()).map((m) => m.id)).toEqual(['m1']);
      expect(await storage.listNotifications('p1', { limit: 10 })).toEqual([note('n1')]);
    });

    it('lists newest first with paging, counts unread, marks read by ids (own only) or up to a time', async () => {
      await storage.addNotifications(
        [1, 2, 3, 4].map((i) => ({ notification: note(`n${i}`, { createdAt: i * 1_000 }), mail: null })),
      );
      await storage.addNotifications([{ notification: note('other', { personId: 'p2' }), mail: null }]);
      expect((await storage.listNotifications('p1', { limit: 2 })).map((n) => n.id)).toEqual(['n4', 'n3']);
      expect((await storage.listNotifications('p1', { limit: 2, before: 3_000 })).map((n) => n.id)).toEqual([
        'n2',
        'n1',
      ]);
      expect((await storage.listNotificationsBetween('p1', 1_000, 3_000)).map((n) => n.id)).toEqual(['n2', 'n3']);
      expect(await storage.countUnreadNotifications('p1')).toBe(4);
      // Someone else's id is not marked.
      expect(await storage.markNotificationsRead('p1', { ids: ['n4', 'other', 'n4'] }, 9_000)).toBe(1);
      expect(await storage.countUnreadNotifications('p2')).toBe(1);
      expect(await storage.markNotificationsRead('p1', { upTo: 2_000 }, 9_500)).toBe(2);
      expect(await storage.countUnreadNotifications('p1')).toBe(1);
      const [n4, n3, n2] = await storage.listNotifications('p1', { limit: 3 });
      expect([n4?.readAt, n3?.readAt, n2?.readAt]).toEqual([9_000, null, 9_500]);
      // Already read ones are not counted again.
      expect(await storage.markNotificationsRead('p1', { upTo: 10_000 }, 10_000)).toBe(1);
    });

    it('pages through notifications of the same millisecond by time then id, each exactly once', async () => {
      // Ids that sort differently by bytes and by a locale's rules (case, dash).
      const ids = ['a-1', 'A2', 'b', 'B-0', 'c', 'a1'];
      await storage.addNotifications([
        ...ids.map((id) => ({ notification: note(id, { createdAt: 5_000 }), mail: null })),
        { notification: note('older', { createdAt: 4_000 }), mail: null },
        { notification: note('newer', { createdAt: 6_000 }), mail: null },
      ]);
      const seen: string[] = [];
      let page = await storage.listNotifications('p1', { limit: 3 });
      while (page.length > 0) {
        seen.push(...page.map((n) => n.id));
        const last = page.at(-1) as NotificationRecord;
        page = await storage.listNotifications('p1', { limit: 3, before: last.createdAt, beforeId: last.id });
      }
      const byBytes = [...ids].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0));
      expect(seen).toEqual(['newer', ...byBytes, 'older']);

      // Marking read up to one of them, by the same order: the older, and those of its millisecond up to it.
      expect(await storage.markNotificationsRead('p1', { upTo: 5_000, upToId: 'a-1' }, 9_000)).toBe(4);
      const unread = (await storage.listNotifications('p1', { limit: 10 })).filter((n) => n.readAt === null);
      expect(unread.map((n) => n.id)).toEqual(['newer', 'c', 'b', 'a1']);
    });

    it('keeps e-mail preferences and moves a daily digest forward once, from the value it read', async () => {
      expect(await storage.getNotificationPreference('p1')).toBeNull();
      await storage.setNotificationPreference('p1', 'immediate');
      expect(await storage.getNotificationPreference('p1')).toEqual({
        personId: 'p1',
        email: 'immediate',
        digestSentUpTo: null,
      });
      await storage.setNotificationPreference('p1', 'daily', 5_000);
      await storage.setNotificationPreference('p1', 'daily');
      expect(await storage.getNotificationPreference('p1')).toEqual({
        personId: 'p1',
        email: 'daily',
        digestSentUpTo: 5_000,
      });
      // p2 has no row: the first digest creates it; a second racing from the same value loses.
      expect(await storage.queueDigest('p2', null, 8_000, mail('d1', { personId: 'p2' }))).toBe(true);
      expect(await storage.queueDigest('p2', null, 8_000, mail('d2', { personId: 'p2' }))).toBe(false);
      expect(await storage.queueDigest('p1', 4_000, 8_000, mail('d3'))).toBe(false);
      expect(await storage.queueDigest('p1', 5_000, 8_000, null)).toBe(true);
      expect((await storage.listMail()).map((m) => m.id)).toEqual(['d1']);
      expect(await storage.listNotificationPreferences()).toEqual(
        expect.arrayContaining([
          { personId: 'p1', email: 'daily', digestSentUpTo: 8_000 },
          { personId: 'p2', email: 'daily', digestSentUpTo: 8_000 },
        ]),
      );
    });

    it('claims due mail with a lease, counting attempts, and settles it sent, for a retry, or dead', async () => {
      await storage.addNotifications([
        { notification: note('n1'), mail: mail('m1', { nextAttemptAt: 1_000 }) },
        { notification: note('n2'), mail: mail('m2', { nextAttemptAt: 5_000, html: '<p>x</p>' }) },
      ]);
      expect(await storage.nextMailDueAt()).toBe(1_000);
      const claimed = await storage.claimDueMail(2_000, 62_000, 10);
      expect(claimed.map((m) => [m.id, m.attempts, m.nextAttemptAt])).toEqual([['m1', 1, 62_000]]);
      // Leased: nobody else takes it meanwhile.
      expect((await storage.claimDueMail(3_000, 63_000, 10)).map((m) => m.id)).toEqual([]);
      await storage.settleMail('m1', { status: 'pending', nextAttemptAt: 4_000, error: 'ECONNREFUSED' });
      expect((await storage.claimDueMail(6_000, 66_000, 10)).map((m) => [m.id, m.attempts])).toEqual([
        ['m1', 2],
        ['m2', 1],
      ]);
      await storage.settleMail('m1', { status: 'sent', at: 7_000 });
      await storage.settleMail('m2', { status: 'dead', error: 'gave up' });
      expect(await storage.nextMailDueAt()).toBeNull();
      expect(await storage.claimDueMail(1_000_000, 1_060_000, 10)).toEqual([]);
      const [m1, m2] = await storage.listMail('p1');
      expect(m1).toEqual({ ...mail('m1'), status: 'sent', attempts: 2, nextAttemptAt: 66_000, sentAt: 7_000 });
      expect(m2).toMatchObject({ id: 'm2', status: 'dead', attempts: 1, lastError: 'gave up', html: '<p>x</p>' });
    });

    it('hands each due mail to one of several claims at once', async () => {
      await storage.addNotifications(
        Array.from({ length: 20 }, (_, i) => ({
          notification: note(`n${i}`),
          mail: mail(`m${i}`, { createdAt: 1_000 + i }),
        })),
      );
      const claims = await Promise.all(Array.from({ length: 5 }, () => storage.claimDueMail(2_000, 60_000, 6)));
      const ids = claims.flat().map((m) => m.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    });

    it('keeps notifications, preferences and mail when reopened', async () => {
      await storage.addNotifications([{ notification: note('n1'), mail: mail('m1') }]);
      await storage.setNotificationPreference('p1', 'off');
      await storage.close();
      storage = await f.reopen();
      expect(await storage.listNotifications('p1', { limit: 5 })).toEqual([note('n1')]);
      expect(await storage.getNotificationPreference('p1')).toMatchObject({ email: 'off' });
      expect((await storage.listMail()).map((m) => m.id)).toEqual(['m1']);
    });
  });
}
