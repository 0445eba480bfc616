import {
  clauseDocumentName,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type ThreadView,
  type VoteView,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';
import { type RunningServer, startServer } from '../support/server.ts';
import { skipUnlessServices } from '../support/services.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';
import { startTwoInstances, type TwoInstances } from '../support/twoInstances.ts';

/**
 * The scaled deployment as processes: two Accord instances on one PostgreSQL database and one
 * Redis, a load balancer (a TCP proxy) in front of the first. Edits, presence, comments and
 * sign-outs cross instances; a `kill -9` of an instance loses no acknowledged update and its
 * clients carry on through the other one.
 */

const CONSULTATION = 'lmec-2017';
const CLAUSE = clauseDocumentName(CONSULTATION, 'pa-3-1', 'en');
const PRESENCE = presenceDocumentName(CONSULTATION);

const skip = await skipUnlessServices(['postgres', 'redis'], 'multi-instance tests');

describe.skipIf(skip)('two instances behind a load balancer, on PostgreSQL and Redis', () => {
  let instances: TwoInstances;
  let first: RunningServer;
  let second: RunningServer;
  let balancer: TcpProxy;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    instances = await startTwoInstances({ SESSION_SECRET: 'multi-instance-test-secret-multi-instance-test' });
    ({ first, second } = instances);
    balancer = await startTcpProxy(first.port);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await balancer?.close();
    await instances?.close();
  });

  const open = (url: string, cookie: string, name: string, opts: { reconnect?: boolean } = {}) => {
    const client = connectDocument(url, cookie, name, opts);
    clients.push(client);
    return client;
  };

  it('seeds once, and a session signed in through one instance is accepted by the other', async () => {
    const cookie = await signIn(first.url, 'delegate.laos@lmec.org');
    const onSecond = apiClient(second.url, cookie);
    const session = await onSecond.get<{ person: { id: string } }>('/api/session');
    expect(session.status).toBe(200);
    expect(session.body.person.id).toBe('p-laos');
    const threads = await onSecond.get<{ threads: ThreadView[] }>(`/api/consultations/${CONSULTATION}/threads`);
    // The 2017 comments, once: two instances starting together did not seed twice.
    expect(threads.body.threads).toHaveLength(13);
  });

  it('counts six delegations voting at once through both instances, and shows each ballot on the other', async () => {
    const states = ['china', 'cambodia', 'laos', 'myanmar', 'thailand', 'vietnam'];
    const base = `/api/consultations/${CONSULTATION}/votes`;
    const secretariat = apiClient(first.url, await signIn(first.url, 'secretariat@lmec.org'));
    const observerCookie = await signIn(second.url, 'observer@lmec.org');
    const page = open(second.url, observerCookie, PRESENCE);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    // Half the delegations on each instance.
    const delegates = await Promise.all(
      states.map(async (state, i) => {
        const url = i % 2 === 0 ? first.url : second.url;
        return apiClient(url, await signIn(url, `delegate.${state}@lmec.org`));
      }),
    );
    for (const [round, clauseId] of ['pa-1-1', 'pa-1-2', 'pa-1-3'].entries()) {
      const opened = await secretariat.post<{ vote: VoteView }>(base, {
        subject: { kind: 'clause', clauseId },
        question: { en: `Round ${round}: agree with the clause?`, zh: '' },
        rule: { kind: 'majority', quorum: 4 },
      });
      expect(opened.status).toBe(201);
      const voteId = opened.body.vote.id;
      const choices = states.map((_, i) => (['agree', 'object', 'abstain'] as const)[(i + round) % 3]);
      const cast = await Promise.all(
        delegates.map((api, i) => api.put(`${base}/${voteId}/ballots/${states[i]}`, { choice: choices[i] })),
      );
      expect(cast.map((c) => c.status)).toEqual(states.map(() => 200));
      // Each ballot's event reached the page on the second instance, whichever instance took it.
      await eventually(
        () => events.filter((e) => e.type === 'votes.changed' && e.voteIds.includes(voteId)).length >= 7,
        'every ballot to reach the page on the other instance',
      );
      const seen = await apiClient(second.url, observerCookie).get<{ vote: VoteView }>(`${base}/${voteId}`);
      expect(seen.body.vote.result.tally).toEqual({ agree: 2, object: 2, abstain: 2, voted: 6, notVoted: 0 });
    }
  }, 60_000);

  it('carries edits, presence and comment events across instances, and loses nothing to a kill -9', async () => {
    const laosCookie = await signIn(balancer.url, 'delegate.laos@lmec.org');
    const chinaCookie = await signIn(second.url, 'delegate.china@lmec.org');

    // A: through the balancer (on the first instance); B: on the second.
    const a = open(balancer.url, laosCookie, CLAUSE, { reconnect: true });
    const b = open(second.url, chinaCookie, CLAUSE);
    await Promise.all([a.synced, b.synced]);

    appendToClause(a.doc, ' [edited on instance 1]');
    await eventually(() => clausePlainText(b.doc).endsWith('[edited on instance 1]'), 'the edit to cross instances');
    appendToClause(b.doc, ' [and on instance 2]');
    await eventually(() => clausePlainText(a.doc).endsWith('[and on instance 2]'), 'the edit to cross back');

    // Presence: B, on the second instance, sees A's stamped identity.
    const aPage = open(balancer.url, laosCookie, PRESENCE, { reconnect: true });
    const bPage = open(second.url, chinaCookie, PRESENCE);
    await Promise.all([aPage.synced, bPage.synced]);
    aPage.provider.setAwarenessField('user', { personId: 'p-laos', name: 'Khamla Phommachanh' });
    await eventually(
      () =>
        [...(bPage.provider.awareness?.getStates().values() ?? [])].some(
          (state) => (state.user as { personId?: string } | undefined)?.personId === 'p-laos',
        ),
      'A to appear in B’s presence',
    );

    // A comment posted through the first instance reaches B's page on the second.
    const events: RealtimeEvent[] = [];
    bPage.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    const posted = await apiClient(balancer.url, laosCookie).post<ThreadView>(
      `/api/consultations/${CONSULTATION}/threads`,
      { clauseId: 'pa-3-1', kind: 'question', body: 'Which institutes take part in the joint research?' },
    );
    expect(posted.status).toBe(201);
    await eventually(
      () => events.some((e) => e.type === 'threads.changed' && e.threadIds.includes(posted.body.id)),
      'the comment event to reach the other instance',
    );

    // A's last edits are acknowledged (so on disk), then its instance dies without a word.
    for (let i = 0; i < 20; i++) appendToClause(a.doc, ` a${i}`);
    await eventually(() => a.provider.unsyncedChanges === 0, 'A’s edits to be acknowledged');
    await first.kill();
    balancer.retarget(second.port);

    // Typed while its instance is gone; kept by the client, sent once it reconnects.
    appendToClause(a.doc, ' [typed during the failover]');
    await eventually(
      () => clausePlainText(b.doc).endsWith('[typed during the failover]') && a.provider.unsyncedChanges === 0,
      'A to reconnect through the balancer to the second instance and converge',
      20_000,
    );
    expect(clausePlainText(a.doc)).toBe(clausePlainText(b.doc));

    // Every acknowledged edit is in the shared store: a fresh reader loads them all.
    const reader = open(second.url, chinaCookie, CLAUSE);
    await reader.synced;
    const text = clausePlainText(reader.doc);
    for (let i = 0; i < 20; i++) expect(text).toContain(` a${i}`);
    expect(text).toContain('[edited on instance 1]');
  }, 60_000);

  it('ends a session’s sockets on every instance when it signs out on one', async () => {
    const cookie = await signIn(second.url, 'delegate.thailand@lmec.org');
    const third = await startServer({ env: instances.env });
    try {
      const onThird = open(third.url, cookie, PRESENCE);
      await onThird.synced;
      let closedWith: number | null = null;
      onThird.socket.on('close', ({ event }: { event: { code: number } }) => {
        closedWith = event.code;
      });
      expect((await apiClient(second.url, cookie).del('/api/session')).status).toBe(204);
      await eventually(() => closedWith === 4401, 'the other instance to close the signed-out socket');
    } finally {
      await third.kill();
    }
  }, 60_000);

  it('freezes delegates’ editing on one instance as soon as the secretariat opens a round on another', async () => {
    // Last: the round stays current, and the first instance is gone (a third one joins).
    const third = await startServer({ env: instances.env });
    try {
      const secretariat = apiClient(third.url, await signIn(third.url, 'secretariat@lmec.org'));
      const chinaCookie = await signIn(second.url, 'delegate.china@lmec.org');
      const name = clauseDocumentName(CONSULTATION, 'pa-2-1', 'en');
      const china = open(second.url, chinaCookie, name);
      const page = open(second.url, chinaCookie, PRESENCE);
      await Promise.all([china.synced, page.synced]);
      const events: RealtimeEvent[] = [];
      page.provider.on('stateless', ({ payload }: { payload: string }) => {
        const event = parseRealtimeEvent(payload);
        if (event) events.push(event);
      });
      const base = `/api/consultations/${CONSULTATION}/rounds`;
      const now = Date.now();
      const created = await secretariat.post<{ round: { id: string } }>(base, {
        title: { en: 'Written comments', zh: '书面意见' },
        opensAt: now + 86_400_000,
        closesAt: now + 2 * 86_400_000,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await eventually(
        () => events.some((e) => e.type === 'rounds.changed'),
        'the new round to reach the second instance',
      );
      // Drafting: the delegate's edit is kept (and the second instance now holds the rounds in memory).
      appendToClause(china.doc, ' [drafting]');
      await eventually(() => !china.provider.hasUnsyncedChanges, 'the drafting edit to be kept');

      events.length = 0;
      const opened = await secretariat.patch(`${base}/${created.body.round.id}`, { state: 'open' });
      expect(opened.status, JSON.stringify(opened.body)).toBe(200);
      await eventually(
        () => events.some((e) => e.type === 'rounds.changed'),
        'the change to reach the second instance',
      );
      // Without the invalidation through Redis, the second instance's cache (30 s) would still say drafting.
      appendToClause(china.doc, ' [after the round opened]');
      await new Promise((resolve) => setTimeout(resolve, 750));
      expect(china.provider.hasUnsyncedChanges).toBe(true);
      const reader = open(third.url, chinaCookie, name);
      await reader.synced;
      expect(clausePlainText(reader.doc)).toContain('[drafting]');
      expect(clausePlainText(reader.doc)).not.toContain('[after the round opened]');
    } finally {
      await third.kill();
    }
  }, 60_000);
});
