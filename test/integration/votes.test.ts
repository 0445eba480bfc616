import { hashPassword } from '@accord/server';
import {
  type AuditEntryView,
  computeVoteResult,
  type MatrixView,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type ThreadView,
  VOTE_CHOICES,
  type VoteChoice,
  type VoteListResponse,
  type VoteView,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const STATES = ['china', 'cambodia', 'laos', 'myanmar', 'thailand', 'vietnam'] as const;
type State = (typeof STATES)[number];
const emailOf = (state: State) => `delegate.${state}@lmec.org`;

type VoteAnswer = { vote: VoteView; serverNow: number };

describe('Votes of the member states, through the real server', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let delegates: Record<State, Api>;
  let tnc: Api;
  let observer: Api;
  let anonymous: Api;
  let chinaCookie: string;
  /** Threads with a response and no vote yet, to vote on. */
  let answered: ThreadView[];
  /** Clauses, to vote on: each test takes its own. */
  let clauseIds: string[];
  let unanswered: ThreadView;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    server = await startInProcess();
    const as = async (email: string) => apiClient(server.url, await signIn(server.url, email));
    secretariat = await as('secretariat@lmec.org');
    chinaCookie = await signIn(server.url, emailOf('china'));
    delegates = Object.fromEntries(
      await Promise.all(
        STATES.map(async (state) => [
          state,
          state === 'china' ? apiClient(server.url, chinaCookie) : await as(emailOf(state)),
        ]),
      ),
    ) as Record<State, Api>;
    tnc = await as('tnc@partners.org');
    observer = await as('observer@lmec.org');
    anonymous = apiClient(server.url, null);
    const { body } = await secretariat.get<{ threads: ThreadView[] }>(`${base}/threads`);
    const { body: demoVotes } = await secretariat.get<VoteListResponse>(`${base}/votes`);
    const votedOn = new Set(demoVotes.votes.map((v) => (v.subject.kind === 'response' ? v.subject.threadId : '')));
    answered = body.threads.filter((t) => t.response !== null && !votedOn.has(t.id));
    const { body: consultation } = await secretariat.get<{ framework: { clauses: { id: string }[] } }>(base);
    clauseIds = consultation.framework.clauses.map((c) => c.id);
    const { body: created } = await tnc.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-3-1',
      kind: 'question',
      body: 'Which transboundary areas come first?',
    });
    unanswered = created;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  let nextThread = 0;
  let nextClause = 0;
  /** A subject no other test votes on: a thread's response, or (by default) a clause. */
  function freshSubject(kind: 'response' | 'clause') {
    if (kind === 'clause') {
      const clauseId = clauseIds[nextClause++];
      if (!clauseId) throw new Error('the demo has run out of clauses to vote on');
      return { kind, clauseId };
    }
    const thread = answered[nextThread++];
    if (!thread) throw new Error('the demo has run out of answered threads to vote on');
    return { kind, threadId: thread.id };
  }
  /** Opens a consensus vote (quorum 4) on a subject of its own. */
  async function openVote(
    over: Record<string, unknown> = {},
    kind: 'response' | 'clause' = 'clause',
  ): Promise<VoteView> {
    const { status, body } = await secretariat.post<VoteAnswer>(`${base}/votes`, {
      subject: freshSubject(kind),
      question: { en: 'Do the member states agree with the response?', zh: '成员国是否同意该答复？' },
      rule: { kind: 'consensus', quorum: 4 },
      ...over,
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return body.vote;
  }
  const ballot = (who: Api, voteId: string, state: string, choice: VoteChoice) =>
    who.put<VoteAnswer & { error?: { reason?: string } }>(`${base}/votes/${voteId}/ballots/${state}`, { choice });
  const getVote = async (voteId: string, who: Api = secretariat) =>
    (await who.get<VoteAnswer>(`${base}/votes/${voteId}`)).body.vote;
  const auditOf = async (voteId: string) =>
    (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries.filter(
      (e) => e.target === `vote:${voteId}`,
    );

  it('shows the demo votes: one closed and adopted, one open with two ballots', async () => {
    const { status, body } = await observer.get<VoteListResponse>(`${base}/votes`);
    expect(status).toBe(200);
    expect(Math.abs(body.serverNow - Date.now())).toBeLessThan(5_000);
    const [closed, open] = body.votes;
    expect(closed).toMatchObject({ state: 'closed', result: { outcome: 'adopted', tally: { agree: 5, abstain: 1 } } });
    expect(open).toMatchObject({ state: 'open', advisory: true, memberStates: [...STATES] });
    expect(open?.ballots.map((b) => b.stakeholderId)).toEqual(['laos', 'cambodia']);
    expect(open?.advisoryPositions.map((b) => b.stakeholderId)).toEqual(['tnc']);
  });

  it('counts six ballots cast at the same moment exactly once each, round after round', async () => {
    for (let round = 0; round < 5; round++) {
      const vote = await openVote({ rule: { kind: 'majority', quorum: 4 } });
      const choices = STATES.map((_, i) => VOTE_CHOICES[(i * 7 + round * 5) % 3] as VoteChoice);
      const answers = await Promise.all(
        STATES.map((state, i) => ballot(delegates[state], vote.id, state, choices[i]!)),
      );
      expect(answers.map((a) => a.status)).toEqual(STATES.map(() => 200));
      const { body } = await secretariat.post<VoteAnswer>(`${base}/votes/${vote.id}/close`);
      const expected = computeVoteResult(
        vote.rule,
        STATES,
        STATES.map((stakeholderId, i) => ({ stakeholderId, choice: choices[i]! })),
      );
      expect(body.vote.state).toBe('closed');
      expect(body.vote.result).toEqual(expected);
      expect(body.vote.result.tally.voted).toBe(6);
      expect(body.vote.ballots.map((b) => b.stakeholderId).sort()).toEqual([...STATES].sort());
      expect((await auditOf(vote.id)).filter((e) => e.action === 'vote.ballot')).toHaveLength(6);
    }
  });

  it("lets a second delegate of a country replace the delegation's vote, not add one", async () => {
    await server.storage.createPerson({
      id: 'p-laos-2',
      email: 'delegate2.laos@lmec.org',
      name: 'Somphone Keo',
      role: 'delegate',
      stakeholderId: 'laos',
      passwordHash: await hashPassword('accord-demo'),
    });
    const laos2 = apiClient(server.url, await signIn(server.url, 'delegate2.laos@lmec.org'));
    const vote = await openVote();
    expect((await ballot(delegates.laos, vote.id, 'laos', 'agree')).status).toBe(200);
    const { status, body } = await ballot(laos2, vote.id, 'laos', 'object');
    expect(status).toBe(200);
    expect(body.vote.ballots).toEqual([
      {
        stakeholderId: 'laos',
        choice: 'object',
        at: expect.any(Number),
        by: { personId: 'p-laos-2', name: 'Somphone Keo' },
      },
    ]);
    expect(body.vote.result.tally).toMatchObject({ voted: 1, agree: 0, object: 1 });
    // The first delegate sees what the delegation now votes; another country sees the choice, not who.
    expect((await getVote(vote.id, delegates.laos)).ballots[0]?.by?.name).toBe('Somphone Keo');
    expect((await getVote(vote.id, delegates.china)).ballots[0]).toMatchObject({ choice: 'object', by: null });
    // Every change is on record: who, when, from what to what.
    const changes = (await auditOf(vote.id)).filter((e) => e.action === 'vote.ballot').reverse();
    expect(changes.map((e) => [e.actor.personId, e.detail.from, e.detail.to])).toEqual([
      ['p-laos', null, 'agree'],
      ['p-laos-2', 'agree', 'object'],
    ]);
  });

  it('refuses ballots from partners, observers, the secretariat and for another country (403), changing nothing', async () => {
    const vote = await openVote();
    await ballot(delegates.thailand, vote.id, 'thailand', 'agree');
    const before = await getVote(vote.id);
    const auditBefore = await auditOf(vote.id);
    const attempts: [Api, string, string][] = [
      [tnc, 'tnc', 'advisory_not_enabled'],
      [tnc, 'laos', 'role'],
      [observer, 'laos', 'role'],
      [secretariat, 'laos', 'role'],
      [secretariat, 'lmec', 'role'],
      [delegates.laos, 'thailand', 'own_stakeholder_only'],
      [delegates.laos, 'tnc', 'role'],
    ];
    for (const [who, state, reason] of attempts) {
      const { status, body } = await ballot(who, vote.id, state, 'object');
      expect(status, `${state}: ${JSON.stringify(body)}`).toBe(403);
      expect(body.error?.reason).toBe(reason);
    }
    expect((await ballot(anonymous, vote.id, 'laos', 'agree')).status).toBe(401);
    expect((await ballot(delegates.laos, vote.id, 'nowhere', 'agree')).status).toBe(404);
    expect((await delegates.laos.put(`${base}/votes/${vote.id}/ballots/laos`, { choice: 'maybe' })).status).toBe(400);
    expect(await getVote(vote.id)).toEqual(before);
    expect(await auditOf(vote.id)).toEqual(auditBefore);
  });

  it('lets only the secretariat open and close votes, and checks what it opens', async () => {
    const request = {
      subject: freshSubject('response'),
      question: { en: 'Agree?', zh: '' },
      rule: { kind: 'consensus', quorum: 4 },
    };
    for (const who of [delegates.laos, tnc, observer])
      expect((await who.post(`${base}/votes`, request)).status).toBe(403);
    expect((await anonymous.post(`${base}/votes`, request)).status).toBe(401);
    const refusal = async (body: unknown) => {
      const answer = await secretariat.post<{ error: { reason?: string } }>(`${base}/votes`, body);
      return `${answer.status} ${answer.body.error?.reason ?? ''}`.trim();
    };
    expect(await refusal({ ...request, subject: { kind: 'response', threadId: unanswered.id } })).toBe(
      '409 no_response_yet',
    );
    expect(await refusal({ ...request, subject: { kind: 'proposal', threadId: unanswered.id } })).toBe(
      '409 not_a_proposal',
    );
    expect(await refusal({ ...request, subject: { kind: 'clause', clauseId: 'no-such-clause' } })).toBe('404');
    expect(await refusal({ ...request, rule: { kind: 'consensus', quorum: 7 } })).toBe('400 quorum_too_large');
    expect(await refusal({ ...request, closesAt: Date.now() - 1000 })).toBe('400 bad_closing_time');
    expect(await refusal({ ...request, question: { en: '', zh: '' } })).toBe('400');
    expect((await secretariat.get(`${base}/votes`)).body).toMatchObject({ votes: expect.any(Array) });

    const vote = await openVote();
    const again = await secretariat.post<{ error: { reason: string } }>(`${base}/votes`, {
      ...request,
      subject: vote.subject,
    });
    expect([again.status, again.body.error.reason]).toEqual([409, 'vote_already_open']);
    for (const who of [delegates.laos, tnc, observer])
      expect((await who.post(`${base}/votes/${vote.id}/close`)).status).toBe(403);
    expect((await getVote(vote.id)).state).toBe('open');
  });

  it('freezes the result on closing: later ballots are refused (409) and a new vote supersedes it', async () => {
    const vote = await openVote();
    for (const state of ['china', 'cambodia', 'laos', 'myanmar'] as const)
      await ballot(delegates[state], vote.id, state, 'agree');
    await ballot(delegates.thailand, vote.id, 'thailand', 'object');
    const { body: closed } = await secretariat.post<VoteAnswer>(`${base}/votes/${vote.id}/close`);
    expect(closed.vote).toMatchObject({
      state: 'closed',
      closedBy: { personId: 'p-secretariat' },
      result: { outcome: 'not_adopted', reason: 'objection', objectors: ['thailand'] },
    });
    const late = await ballot(delegates.thailand, vote.id, 'thailand', 'agree');
    expect([late.status, late.body.error?.reason]).toEqual([409, 'vote_closed']);
    const lateNewcomer = await ballot(delegates.vietnam, vote.id, 'vietnam', 'agree');
    expect(lateNewcomer.status).toBe(409);
    expect((await secretariat.post(`${base}/votes/${vote.id}/close`)).status).toBe(409);
    expect(await getVote(vote.id)).toEqual({ ...closed.vote });

    const { status, body: next } = await secretariat.post<VoteAnswer>(`${base}/votes`, {
      subject: vote.subject,
      question: { en: 'Once more, after the consultation with Thailand?', zh: '' },
      rule: { kind: 'consensus', quorum: 4 },
    });
    expect(status).toBe(201);
    expect(next.vote.supersedes).toBe(vote.id);
    expect((await getVote(vote.id)).supersededBy).toBe(next.vote.id);
    const audit = await auditOf(vote.id);
    expect(audit.find((e) => e.action === 'vote.close')?.detail.result).toMatchObject({ outcome: 'not_adopted' });
  });

  it('closes a vote at its closing time by itself, and tells every page', async () => {
    const page = connectDocument(server.url, chinaCookie, presenceDocumentName(CONSULTATION));
    clients.push(page);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    const vote = await openVote({ closesAt: Date.now() + 1_500 });
    await ballot(delegates.vietnam, vote.id, 'vietnam', 'agree');
    const closings = () => events.filter((e) => e.type === 'votes.changed' && e.voteIds.includes(vote.id)).length;
    // Opened, one ballot: two events so far; the close makes a third with nobody asking.
    await eventually(() => closings() >= 3, 'the vote to close at its time');
    const closed = await getVote(vote.id);
    expect(closed).toMatchObject({ state: 'closed', closedBy: null, result: { outcome: 'no_quorum' } });
    expect(closed.closedAt).toBeGreaterThanOrEqual(vote.closesAt!);
    expect((await ballot(delegates.laos, vote.id, 'laos', 'agree')).status).toBe(409);
    const close = (await auditOf(vote.id)).find((e) => e.action === 'vote.close');
    expect(close).toMatchObject({ reason: 'Closed at its closing time', actor: { personId: 'p-secretariat' } });
  });

  it('takes advisory positions from partners apart from the tally, where the vote asks for them', async () => {
    const vote = await openVote({ advisory: true });
    expect((await ballot(tnc, vote.id, 'tnc', 'object')).status).toBe(200);
    expect((await ballot(delegates.laos, vote.id, 'laos', 'agree')).status).toBe(200);
    const seen = await getVote(vote.id, observer);
    expect(seen.advisoryPositions).toEqual([
      { stakeholderId: 'tnc', choice: 'object', at: expect.any(Number), by: null },
    ]);
    expect(seen.result.tally).toMatchObject({ voted: 1, object: 0 });
    expect(seen.result.objectors).toEqual([]);
  });

  it('sends a ballot to the pages of others as it is cast', async () => {
    const vote = await openVote();
    const page = connectDocument(server.url, chinaCookie, presenceDocumentName(CONSULTATION));
    clients.push(page);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    await ballot(delegates.myanmar, vote.id, 'myanmar', 'abstain');
    await eventually(
      () => events.some((e) => e.type === 'votes.changed' && e.voteIds.join() === vote.id),
      'the ballot to reach another page',
    );
    // Re-casting the same choice changes nothing and says nothing.
    const count = events.length;
    await ballot(delegates.myanmar, vote.id, 'myanmar', 'abstain');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.length).toBe(count);
  });

  it("puts a thread's standing vote in its comments matrix row and exports", async () => {
    const vote = await openVote({}, 'response');
    for (const state of STATES)
      await ballot(delegates[state], vote.id, state, state === 'myanmar' ? 'abstain' : 'agree');
    await secretariat.post(`${base}/votes/${vote.id}/close`);
    const threadId = vote.subject.kind === 'response' ? vote.subject.threadId : '';
    const { body: matrix } = await observer.get<MatrixView>(`${base}/matrix`);
    const row = matrix.groups.flatMap((g) => g.rows).find((r) => r.threadId === threadId);
    expect(row?.vote).toMatchObject({
      voteId: vote.id,
      state: 'closed',
      result: { outcome: 'adopted', tally: { agree: 5, abstain: 1 } },
    });
    const { body: csv } = await observer.get<string>(`${base}/matrix/export.csv`);
    expect(csv).toContain('成员国表决 Vote of the member states (协商一致 Consensus): 通过 Adopted — 5 赞成 Agree');
  });
});
