import type { ThreadView } from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../support/api.ts';
import { eventually, signIn } from '../support/clients.ts';
import { skipUnlessServices } from '../support/services.ts';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../support/smtpSink.ts';
import { startTwoInstances, type TwoInstances } from '../support/twoInstances.ts';

/**
 * E-mail notifications from the scaled deployment: two instances on one PostgreSQL, each with
 * its own mail outbox, one SMTP server. Preferences set through one instance, replies posted
 * through both: every mail reaches each recipient exactly once. (Each instance's outbox is poked
 * by what it queues and re-reads the table every 30 s; claims racing for the same mails are
 * covered by the storage contract, `notificationContract.ts`.)
 */

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const DELEGATES = ['china', 'laos', 'cambodia', 'vietnam'] as const;
type Delegate = (typeof DELEGATES)[number];

const skip = await skipUnlessServices(['postgres', 'redis'], 'multi-instance e-mail tests');

describe.skipIf(skip)('e-mail notifications from two instances', () => {
  let sink: SmtpSink;
  let instances: TwoInstances;
  const mails: SunkMail[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink(0, (mail) => mails.push(mail));
    instances = await startTwoInstances({
      SESSION_SECRET: 'multi-instance-mail-test-secret-multi-instance',
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MAIL_FROM: 'Accord <accord@example.org>',
      PUBLIC_URL: 'http://accord.test',
    });
  }, 60_000);
  afterAll(async () => {
    await instances?.close();
    await sink?.close();
  });

  it('sends every mail of replies posted through both instances exactly once', async () => {
    const urls = [instances.first.url, instances.second.url];
    // Each delegate signed in on both instances (one session cookie works on either).
    const as = new Map<Delegate, Api[]>();
    for (const [i, who] of DELEGATES.entries()) {
      const cookie = await signIn(urls[i % 2] as string, `delegate.${who}@lmec.org`);
      as.set(
        who,
        urls.map((url) => apiClient(url, cookie)),
      );
      const chosen = await apiClient(urls[(i + 1) % 2] as string, cookie).put('/api/notifications/preferences', {
        email: 'immediate',
      });
      expect(chosen.status).toBe(200);
    }
    const client = (who: Delegate, n: number) => as.get(who)?.[n % 2] as Api;

    const started = await client('china', 0).post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-4-1',
      kind: 'question',
      body: 'Should the joint monitoring cover groundwater?',
    });
    expect(started.status).toBe(201);
    const threadId = started.body.id;

    // Who should get a mail for each reply: everyone who started or replied in the thread, but its author.
    const participants = new Set<Delegate>(['china']);
    const expected: string[] = [];
    let n = 0;
    for (let round = 0; round < 6; round++) {
      for (const who of DELEGATES) {
        const token = `tok-${round}-${who}`;
        const replied = await client(who, n++).post(`${base}/threads/${threadId}/replies`, {
          body: `${token}: a view from ${who}.`,
        });
        expect(replied.status).toBe(201);
        for (const other of participants) if (other !== who) expected.push(`${token} → delegate.${other}@lmec.org`);
        participants.add(who);
      }
    }
    const received = () =>
      mails.flatMap((mail) => {
        const token = /tok-\d+-[a-z]+/.exec(mail.text)?.[0] ?? 'no token';
        return mail.to.map((to) => `${token} → ${to}`);
      });
    await eventually(() => received().length >= expected.length, `${expected.length} mails to arrive`, 30_000);
    // A little longer: a second instance sending the same mail again would show now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(received().sort()).toEqual([...expected].sort());
  }, 90_000);
});
