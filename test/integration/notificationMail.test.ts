import { latestDigestTime, RETRY_FIRST_MS } from '@accord/server';
import type { ThreadView } from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { eventually, signIn } from '../support/clients.ts';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../support/smtpSink.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const PUBLIC_URL = 'https://accord.example.org';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

type ReceivedMail = SunkMail;

/** A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it receives. */
const startSmtp = (port: number, received: ReceivedMail[]): Promise<SmtpSink> =>
  startSmtpSink(port, (mail) => received.push(mail));

describe('Notification e-mails through a real SMTP server', () => {
  let server: InProcessApp;
  let clock = Date.now();
  /** Daily digests at the hour half a day away from now: no test crosses it by accident. */
  const digestHourUtc = (new Date(clock).getUTCHours() + 12) % 24;
  const received: ReceivedMail[] = [];
  let smtp: SmtpSink;
  const as: Record<string, Api> = {};
  const mailsTo = (address: string) => received.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtp(0, received);
    server = await startInProcess({
      now: () => clock,
      mail: {
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        from: 'Accord <accord@example.org>',
        publicUrl: PUBLIC_URL,
        digestHourUtc,
      },
    });
    for (const [who, email] of [
      ['secretariat', 'secretariat@lmec.org'],
      ['tnc', 'tnc@partners.org'],
      ['china', 'delegate.china@lmec.org'],
      ['laos', 'delegate.laos@lmec.org'],
      ['cambodia', 'delegate.cambodia@lmec.org'],
      ['vietnam', 'delegate.vietnam@lmec.org'],
      ['thailand', 'delegate.thailand@lmec.org'],
    ] as const)
      as[who] = apiClient(server.url, await signIn(server.url, email));
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const api = (who: string): Api => {
    const found = as[who];
    if (!found) throw new Error(`no session for ${who}`);
    return found;
  };
  const prefer = async (who: string, email: 'off' | 'immediate' | 'daily') =>
    expect((await api(who).put('/api/notifications/preferences', { email })).status).toBe(200);
  const startThread = async (who: string, body: string) => {
    const res = await api(who).post<ThreadView>(`${base}/threads`, { clauseId: 'pa-3-2', kind: 'comment', body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const reply = async (who: string, threadId: string, body: string) =>
    expect((await api(who).post(`${base}/threads/${threadId}/replies`, { body })).status).toBe(201);

  it('sends one mail per notification at once to those who chose it, bilingual, with the link', async () => {
    await prefer('tnc', 'immediate');
    await prefer('secretariat', 'immediate');
    const preferences = await api('tnc').get<{ emailAvailable: boolean }>('/api/notifications/preferences');
    expect(preferences.body.emailAvailable).toBe(true);
    const thread = await startThread('tnc', 'TNC asks that 5.3.2 names wetlands.');
    const res = await api('secretariat').put(`${base}/threads/${thread.id}/response`, {
      status: 'accepted',
      explanation: { en: 'Wetlands added.', zh: '已加入湿地。' },
    });
    expect(res.status).toBe(200);

    await eventually(() => mailsTo('tnc@partners.org').length > 0, 'the mail to TNC');
    await server.app.mailOutbox?.runOnce();
    const [mail, ...more] = mailsTo('tnc@partners.org');
    expect(more).toEqual([]);
    expect(mail?.from).toBe('accord@example.org');
    expect(mail?.subject).toContain('The secretariat responded to a comment of yours on clause 5.3.2: Accepted');
    expect(mail?.subject).toContain('秘书处答复了贵方对第5.3.2条的意见：采纳');
    expect(mail?.text).toContain('Wetlands added.');
    expect(mail?.text).toContain('已加入湿地。');
    expect(mail?.text).toContain(`${PUBLIC_URL}/consultations/${CONSULTATION}#thread-${thread.id}`);
    // The secretariat acted: told of nothing, mailed nothing.
    expect(mailsTo('secretariat@lmec.org')).toEqual([]);
    const outbox = await server.storage.listMail('p-tnc');
    expect(outbox.map((m) => [m.status, m.attempts])).toEqual([['sent', 1]]);
  });

  it('keeps mails while the SMTP server is down and sends each exactly once after the backoff, when it is back', async () => {
    await prefer('cambodia', 'immediate');
    await prefer('vietnam', 'immediate');
    const port = smtp.port;
    await smtp.close();

    const thread = await startThread('cambodia', 'Cambodia asks for a timeline for 5.3.2.');
    await reply('vietnam', thread.id, 'Viet Nam supports a timeline.');
    await reply('cambodia', thread.id, 'Thank you, Viet Nam.');
    await server.app.mailOutbox?.runOnce();
    await server.app.mailOutbox?.runOnce();

    const pending = async () => [
      ...(await server.storage.listMail('p-cambodia')),
      ...(await server.storage.listMail('p-vietnam')),
    ];
    await eventually(async () => (await pending()).every((m) => m.attempts >= 1), 'the failed attempts');
    let mails = await pending();
    expect(mails).toHaveLength(2);
    for (const m of mails) {
      expect(m.status).toBe('pending');
      expect(m.attempts).toBe(1);
      expect(m.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(m.nextAttemptAt).toBe(clock + RETRY_FIRST_MS);
    }
    expect(mailsTo('delegate.cambodia@lmec.org')).toEqual([]);

    // Back on the same port; before the backoff is over nothing is tried.
    smtp = await startSmtp(port, received);
    clock += RETRY_FIRST_MS - 1_000;
    await server.app.mailOutbox?.runOnce();
    expect(mailsTo('delegate.cambodia@lmec.org')).toEqual([]);
    expect((await pending()).map((m) => m.attempts)).toEqual([1, 1]);

    clock += 2_000;
    await server.app.mailOutbox?.runOnce();
    await server.app.mailOutbox?.runOnce();
    expect(mailsTo('delegate.cambodia@lmec.org')).toHaveLength(1);
    expect(mailsTo('delegate.vietnam@lmec.org')).toHaveLength(1);
    expect(mailsTo('delegate.cambodia@lmec.org')[0]?.text).toContain('Viet Nam supports a timeline.');
    expect(mailsTo('delegate.vietnam@lmec.org')[0]?.text).toContain('Thank you, Viet Nam.');
    // Who replied, with their delegation, in both languages.
    expect(mailsTo('delegate.cambodia@lmec.org')[0]?.subject).toMatch(/\(Viet Nam\) replied in a thread on clause/);
    expect(mailsTo('delegate.cambodia@lmec.org')[0]?.subject).toContain('（越南）在');
    mails = await pending();
    expect(mails.map((m) => [m.status, m.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);

    // Nothing more later.
    clock += HOUR;
    await server.app.mailOutbox?.runOnce();
    expect(mailsTo('delegate.cambodia@lmec.org')).toHaveLength(1);
    expect(mailsTo('delegate.vietnam@lmec.org')).toHaveLength(1);
  });

  it('gives a mail up (dead) after three days of failures, and never sends it then', async () => {
    await prefer('thailand', 'immediate');
    const port = smtp.port;
    await smtp.close();
    const thread = await startThread('thailand', 'Thailand asks about 5.3.2 funding.');
    await reply('china', thread.id, 'China will answer at the workshop.');
    await server.app.mailOutbox?.runOnce();
    const mailOf = async () => {
      const [mail, ...more] = await server.storage.listMail('p-thailand');
      expect(more).toEqual([]);
      if (!mail) throw new Error('no mail queued');
      return mail;
    };
    const queuedAt = (await mailOf()).createdAt;
    // Try at every due time, as the timer would.
    for (let mail = await mailOf(); mail.status === 'pending'; mail = await mailOf()) {
      clock = Math.max(clock, mail.nextAttemptAt);
      await server.app.mailOutbox?.runOnce();
    }
    const dead = await mailOf();
    expect(dead.status).toBe('dead');
    expect(dead.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(clock - queuedAt).toBeGreaterThan(3 * DAY - HOUR);
    expect(clock - queuedAt).toBeLessThanOrEqual(3 * DAY);
    // 30 s doubling to an hour: about 8 quick tries, then hourly.
    expect(dead.attempts).toBeGreaterThan(70);
    expect(dead.attempts).toBeLessThan(90);

    smtp = await startSmtp(port, received);
    clock += HOUR;
    await server.app.mailOutbox?.runOnce();
    expect(mailsTo('delegate.thailand@lmec.org')).toEqual([]);
  });

  it('sends daily-mode people one digest at the digest hour with everything since the last', async () => {
    await prefer('laos', 'daily');
    clock += 1_000;
    const thread = await startThread('laos', 'Lao PDR proposes a joint monitoring programme.');
    await reply('china', thread.id, 'China welcomes the monitoring programme.');
    await reply('vietnam', thread.id, 'Viet Nam would join it.');
    const vote = await api('secretariat').post<{ vote: { id: string } }>(`${base}/votes`, {
      subject: { kind: 'clause', clauseId: 'pa-3-2' },
      question: { en: 'Adopt 5.3.2 as amended?', zh: '是否通过修改后的5.3.2？' },
      rule: { kind: 'majority', quorum: 3 },
    });
    expect(vote.status).toBe(201);
    await server.app.mailOutbox?.runOnce();
    expect(mailsTo('delegate.laos@lmec.org')).toEqual([]);

    // The digest hour comes.
    const digestAt = latestDigestTime(clock, digestHourUtc) + DAY;
    clock = digestAt - 1;
    await server.app.mailOutbox?.runOnce();
    expect(mailsTo('delegate.laos@lmec.org')).toEqual([]);
    clock = digestAt + 1;
    await server.app.mailOutbox?.runOnce();
    await server.app.mailOutbox?.runOnce();
    const [digest, ...more] = mailsTo('delegate.laos@lmec.org');
    expect(more).toEqual([]);
    expect(digest?.subject).toContain('3 new notifications');
    expect(digest?.subject).toContain('3 条新通知');
    expect(digest?.text).toContain('China welcomes the monitoring programme.');
    expect(digest?.text).toContain('Viet Nam would join it.');
    expect(digest?.text).toContain('Adopt 5.3.2 as amended?');
    expect(digest?.text).toContain('是否通过修改后的5.3.2？');
    expect(digest?.text).toContain(`${PUBLIC_URL}/consultations/${CONSULTATION}#thread-${thread.id}`);
    expect(digest?.text).toContain(`${PUBLIC_URL}/consultations/${CONSULTATION}/votes#vote-${vote.body.vote.id}`);

    // Once a day: later passes send nothing more; the next day, only what is new (nothing).
    clock += HOUR;
    await server.app.mailOutbox?.runOnce();
    clock += DAY;
    await server.app.mailOutbox?.runOnce();
    expect(mailsTo('delegate.laos@lmec.org')).toHaveLength(1);
  });
});
