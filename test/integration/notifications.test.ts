import {
  type MarkNotificationsReadResponse,
  type NotificationListResponse,
  type NotificationPreferencesResponse,
  type NotificationView,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type Round,
  type ThreadView,
  type VoteView,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { connectDocument, eventually, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const HOUR = 60 * 60 * 1000;

const PEOPLE = {
  secretariat: 'secretariat@lmec.org',
  china: 'delegate.china@lmec.org',
  cambodia: 'delegate.cambodia@lmec.org',
  laos: 'delegate.laos@lmec.org',
  myanmar: 'delegate.myanmar@lmec.org',
  thailand: 'delegate.thailand@lmec.org',
  vietnam: 'delegate.vietnam@lmec.org',
  tnc: 'tnc@partners.org',
  ci: 'ci@partners.org',
  observer: 'observer@lmec.org',
} as const;
type Who = keyof typeof PEOPLE;

describe('Notifications, through the real server', () => {
  let server: InProcessApp;
  /** The server's clock: the real time at first (sessions use the real one), moved by the round test. */
  let clock = Date.now();
  const as = {} as Record<Who, Api>;
  const cookies: Partial<Record<Who, string>> = {};
  let anonymous: Api;

  beforeAll(async () => {
    server = await startInProcess({ now: () => clock });
    for (const [who, email] of Object.entries(PEOPLE)) {
      const cookie = await signIn(server.url, email);
      cookies[who as Who] = cookie;
      as[who as Who] = apiClient(server.url, cookie);
    }
    anonymous = apiClient(server.url, null);
  });
  afterAll(async () => {
    await server?.close();
  });

  const list = async (who: Who) => {
    const res = await as[who].get<NotificationListResponse>('/api/notifications?limit=200');
    expect(res.status).toBe(200);
    return res.body;
  };
  /** This person's notifications about one thread, vote or round. */
  const about = async (who: Who, id: string): Promise<NotificationView[]> =>
    (await list(who)).items.filter(
      (n) => n.thread?.threadId === id || n.vote?.voteId === id || n.round?.roundId === id,
    );
  const startThread = async (who: Who, body: string, clauseId = 'pa-3-2') => {
    clock += 1_000; // each event at its own time: lists are newest first
    const res = await as[who].post<ThreadView>(`${base}/threads`, { clauseId, kind: 'comment', body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const reply = async (who: Who, threadId: string, body: string) => {
    clock += 1_000;
    const res = await as[who].post<ThreadView>(`${base}/threads/${threadId}/replies`, { body });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('shows a new user the demo’s notifications at once: TNC has the response to its comment, unread', async () => {
    const tnc = await list('tnc');
    expect(tnc.unreadCount).toBeGreaterThan(0);
    expect(tnc.items.find((n) => n.kind === 'thread.response')).toMatchObject({
      readAt: null,
      actor: { personId: 'p-secretariat' },
      thread: { clauseNumber: '5.3.2' },
      response: { status: 'partially_accepted' },
    });
  });

  it('tells the thread’s participants of a reply, with its start and the clause number, never its author', async () => {
    const thread = await startThread('china', 'The wording of 5.3.2 should name the river basins.');
    await reply('laos', thread.id, 'Lao PDR agrees and would add the Mekong tributaries explicitly.');
    await reply('cambodia', thread.id, 'Cambodia supports this.');

    const toChina = await about('china', thread.id);
    expect(toChina.map((n) => [n.kind, n.actor, n.actorStakeholder?.en])).toEqual([
      ['thread.reply', { personId: 'p-cambodia', name: 'Sok Dara' }, 'Cambodia'],
      ['thread.reply', { personId: 'p-laos', name: 'Khamla Phommachanh' }, 'Lao PDR'],
    ]);
    const [latest, earlier] = toChina;
    expect(latest?.excerpt).toBe('Cambodia supports this.');
    expect(earlier?.excerpt).toBe('Lao PDR agrees and would add the Mekong tributaries explicitly.');
    expect(latest).toMatchObject({
      consultationId: CONSULTATION,
      readAt: null,
      thread: { threadId: thread.id, clauseId: 'pa-3-2', clauseNumber: '5.3.2', kind: 'comment' },
      path: `/consultations/${CONSULTATION}#thread-${thread.id}`,
    });
    // Lao PDR replied before Cambodia: told of Cambodia's reply only; Cambodia of nothing here.
    expect((await about('laos', thread.id)).map((n) => n.excerpt)).toEqual(['Cambodia supports this.']);
    expect(await about('cambodia', thread.id)).toEqual([]);
    for (const who of ['observer', 'secretariat', 'tnc', 'vietnam'] as const)
      expect(await about(who, thread.id)).toEqual([]);
  });

  it('tells the pages of the consultation whom to refetch for (notifications.changed)', async () => {
    const page = connectDocument(server.url, cookies.laos ?? '', presenceDocumentName(CONSULTATION));
    try {
      await page.synced;
      const events: RealtimeEvent[] = [];
      page.provider.on('stateless', ({ payload }: { payload: string }) => {
        const event = parseRealtimeEvent(payload);
        if (event?.type === 'notifications.changed') events.push(event);
      });
      const thread = await startThread('laos', 'Lao PDR asks about 5.3.2 once more.');
      await reply('thailand', thread.id, 'Thailand answers.');
      await eventually(() => events.length > 0, 'the notifications.changed event');
      expect(events).toEqual([{ type: 'notifications.changed', personIds: ['p-laos'] }]);
    } finally {
      page.destroy();
    }
  });

  it('shows no words of a reply hidden since, but to the secretariat', async () => {
    const thread = await startThread('vietnam', 'Viet Nam asks for a definition of "ecological flow".');
    const replied = await reply('china', thread.id, 'Something the secretariat will hide.');
    const commentId = replied.comments.at(-1)?.id;
    expect((await as.secretariat.post(`${base}/comments/${commentId}/hide`, { reason: 'Off topic' })).status).toBe(200);
    const [toVietnam] = await about('vietnam', thread.id);
    expect(toVietnam).toMatchObject({ kind: 'thread.reply', excerpt: null });
    expect(JSON.stringify(await list('vietnam'))).not.toContain('Something the secretariat will hide');
  });

  it('tells everyone of the stakeholder whose thread the secretariat answered, and nobody else', async () => {
    const thread = await startThread('tnc', 'TNC proposes to mention nature-based solutions.');
    const res = await as.secretariat.put(`${base}/threads/${thread.id}/response`, {
      status: 'partially_accepted',
      explanation: { en: 'Mentioned in 5.3.2 as an example.', zh: '已在5.3.2中作为示例提及。' },
    });
    expect(res.status).toBe(200);
    const [toTnc, ...more] = await about('tnc', thread.id);
    expect(more).toEqual([]);
    expect(toTnc).toMatchObject({
      kind: 'thread.response',
      actor: { personId: 'p-secretariat' },
      response: {
        status: 'partially_accepted',
        excerpt: { en: 'Mentioned in 5.3.2 as an example.', zh: '已在5.3.2中作为示例提及。' },
      },
    });
    for (const who of ['ci', 'secretariat', 'china', 'observer'] as const)
      expect(await about(who, thread.id)).toEqual([]);
  });

  it('tells the delegates of the member states a vote counts when it opens, only them', async () => {
    const res = await as.secretariat.post<{ vote: VoteView }>(`${base}/votes`, {
      subject: { kind: 'clause', clauseId: 'pa-1-1' },
      question: { en: 'Adopt 5.1.1 as drafted?', zh: '是否按草案通过5.1.1？' },
      rule: { kind: 'consensus', quorum: 4 },
    });
    expect(res.status).toBe(201);
    const voteId = res.body.vote.id;
    for (const who of ['china', 'cambodia', 'laos', 'myanmar', 'thailand', 'vietnam'] as const) {
      const notes = await about(who, voteId);
      expect(
        notes.map((n) => n.kind),
        who,
      ).toEqual(['vote.opened']);
      expect(notes[0]).toMatchObject({
        vote: { voteId, question: { en: 'Adopt 5.1.1 as drafted?' }, closesAt: null },
        path: `/consultations/${CONSULTATION}/votes#vote-${voteId}`,
      });
    }
    for (const who of ['secretariat', 'tnc', 'ci', 'observer'] as const)
      expect(await about(who, voteId), who).toEqual([]);
  });

  it('counts unread, marks read by ids (one’s own only) or up to a time', async () => {
    const before = await list('china');
    expect(before.unreadCount).toBe(before.items.filter((n) => n.readAt === null).length);
    expect(before.unreadCount).toBeGreaterThanOrEqual(3);
    const [first, second] = before.items;
    // Another person cannot mark China's: nothing happens, nothing tells it exists.
    const theirs = await as.laos.post<MarkNotificationsReadResponse>('/api/notifications/read', { ids: [first?.id] });
    expect(theirs.status).toBe(200);
    expect(theirs.body.marked).toBe(0);
    expect((await list('china')).unreadCount).toBe(before.unreadCount);
    // Nor read them.
    expect(JSON.stringify(await list('laos'))).not.toContain(first?.id);

    const one = await as.china.post<MarkNotificationsReadResponse>('/api/notifications/read', { ids: [first?.id] });
    expect(one.body).toEqual({ marked: 1, unreadCount: before.unreadCount - 1 });
    const after = await list('china');
    expect(after.items.find((n) => n.id === first?.id)?.readAt).toBe(clock);
    expect(after.items.find((n) => n.id === second?.id)?.readAt).toBeNull();

    const all = await as.china.post<MarkNotificationsReadResponse>('/api/notifications/read', {
      upTo: after.serverNow,
    });
    expect(all.body).toEqual({ marked: before.unreadCount - 1, unreadCount: 0 });
    expect((await list('china')).unreadCount).toBe(0);
  });

  it('pages newest first', async () => {
    const all = (await list('china')).items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const page = await as.china.get<NotificationListResponse>('/api/notifications?limit=2');
    expect(page.body.items.map((n) => n.id)).toEqual(all.slice(0, 2).map((n) => n.id));
    expect(page.body.hasMore).toBe(true);
    const next = await as.china.get<NotificationListResponse>(`/api/notifications?limit=200&before=${all[1]?.at}`);
    expect(next.body.items.every((n) => n.at < (all[1]?.at ?? 0))).toBe(true);
  });

  it('keeps each person’s e-mail preference (in-app only when the server has no SMTP)', async () => {
    const initial = await as.ci.get<NotificationPreferencesResponse>('/api/notifications/preferences');
    expect(initial.body).toEqual({ email: 'daily', emailAvailable: false, digestHourUtc: 0, emailAddress: PEOPLE.ci });
    const set = await as.ci.put<NotificationPreferencesResponse>('/api/notifications/preferences', {
      email: 'immediate',
    });
    expect(set.body.email).toBe('immediate');
    expect((await as.ci.get<NotificationPreferencesResponse>('/api/notifications/preferences')).body.email).toBe(
      'immediate',
    );
    expect((await as.tnc.get<NotificationPreferencesResponse>('/api/notifications/preferences')).body.email).toBe(
      'daily',
    );
    expect((await as.ci.put('/api/notifications/preferences', { email: 'hourly' })).status).toBe(400);
  });

  it('refuses the signed-out (401) and bad input (400)', async () => {
    expect((await anonymous.get('/api/notifications')).status).toBe(401);
    expect((await anonymous.post('/api/notifications/read', { upTo: 1 })).status).toBe(401);
    expect((await anonymous.get('/api/notifications/preferences')).status).toBe(401);
    expect((await anonymous.put('/api/notifications/preferences', { email: 'off' })).status).toBe(401);
    expect((await as.china.post('/api/notifications/read', {})).status).toBe(400);
    expect((await as.china.post('/api/notifications/read', { ids: ['a b'] })).status).toBe(400);
    expect((await as.china.get('/api/notifications?limit=0')).status).toBe(400);
  });

  it('announces a round opening on its date and closing within a day, once each, to everyone on the consultation', async () => {
    const opensAt = clock + HOUR;
    const closesAt = clock + 3 * 24 * HOUR;
    const created = await as.secretariat.post<{ round: Round }>(`${base}/rounds`, {
      title: { en: 'Second round', zh: '第二轮' },
      opensAt,
      closesAt,
    });
    expect(created.status).toBe(201);
    const roundId = created.body.round.id;
    await server.app.notificationClock.runOnce();
    expect(await about('observer', roundId)).toEqual([]);

    clock = opensAt + 1;
    await server.app.notificationClock.runOnce();
    await server.app.notificationClock.runOnce();
    for (const who of ['observer', 'tnc', 'china', 'secretariat'] as const) {
      const notes = await about(who, roundId);
      expect(
        notes.map((n) => n.kind),
        who,
      ).toEqual(['round.opened']);
      expect(notes[0]).toMatchObject({
        actor: null,
        round: { roundId, title: { en: 'Second round' }, closesAt },
        path: `/consultations/${CONSULTATION}/rounds`,
      });
    }

    clock = closesAt - 25 * HOUR;
    await server.app.notificationClock.runOnce();
    expect((await about('observer', roundId)).map((n) => n.kind)).toEqual(['round.opened']);
    clock = closesAt - 23 * HOUR;
    await server.app.notificationClock.runOnce();
    clock += HOUR;
    await server.app.notificationClock.runOnce();
    for (const who of ['observer', 'vietnam'] as const)
      expect((await about(who, roundId)).map((n) => n.kind)).toEqual(['round.closingSoon', 'round.opened']);
  });
});
