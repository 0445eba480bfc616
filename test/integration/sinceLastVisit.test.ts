import {
  type ClauseComparison,
  clauseDocumentName,
  type Language,
  type LocalizedText,
  type SinceLastVisit,
  type ThreadView,
  type VersionSummary,
  type VoteView,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const path = `${base}/since-last-visit`;
const DEMO_TITLE = {
  en: 'Revised draft sent to the Mekong countries, 14 Aug 2017',
  zh: '发送湄公河国家的修订稿（2017年8月14日）',
};
/** The secretariat answered the 2017 round on 11 September (demoThreads.ts). */
const DEMO_RESPONSES_AT = Date.UTC(2017, 8, 11, 9, 0);

type Refusal = { error: { code: string; message: string } };

/** The draft text a clause's diff leads to: its `same` and `insert` parts. */
const shownText = (clause: ClauseComparison): LocalizedText => {
  const side = (language: Language) =>
    clause.text[language].parts
      .filter((part) => part.op !== 'delete')
      .map((part) => part.text)
      .join('');
  return { en: side('en'), zh: side('zh') };
};
/** What a client sends to mark (some of) a summary's clauses seen: the texts it showed. */
const seenTexts = (summary: SinceLastVisit, only?: string[]) =>
  Object.fromEntries(
    summary.clauses.filter((c) => !only || only.includes(c.clauseId)).map((c) => [c.clauseId, shownText(c)]),
  );
const clauseIds = (summary: SinceLastVisit) => summary.clauses.map((c) => c.clauseId);
/** Nothing new: every list empty. */
const NOTHING = { clauses: [], newThreads: [], newReplies: [], responsesToMine: [], votes: [] };

/** Resolves once the clock has moved past `at`, so what happens next is strictly later. */
async function after(at: number): Promise<void> {
  while (Date.now() <= at) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('Since your last visit, through the real server', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let laos: Api;
  let china: Api;
  let tnc: Api;
  let ci: Api;
  let observer: Api;
  let anonymous: Api;
  let laosCookie: string;
  let demoVersion: VersionSummary;
  /** The thread TNC starts on 5.3.3 (pa-3-3), answered by the secretariat. */
  let tncThread: ThreadView;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    server = await startInProcess();
    const as = async (email: string) => apiClient(server.url, await signIn(server.url, email));
    secretariat = await as('secretariat@lmec.org');
    laosCookie = await signIn(server.url, 'delegate.laos@lmec.org');
    laos = apiClient(server.url, laosCookie);
    china = await as('delegate.china@lmec.org');
    tnc = await as('tnc@partners.org');
    ci = await as('ci@partners.org');
    observer = await as('observer@lmec.org');
    anonymous = apiClient(server.url, null);
    const { body } = await observer.get<{ versions: VersionSummary[] }>(`${base}/versions`);
    demoVersion = body.versions.at(-1) as VersionSummary;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  const summary = async (who: Api) => {
    const { status, body } = await who.get<SinceLastVisit>(path);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };
  const markSeen = async (who: Api, request: { generatedAt: number; clauses?: Record<string, LocalizedText> }) => {
    const { status, body } = await who.put<SinceLastVisit>(path, request);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };
  /** Edits a clause as Lao PDR's delegate through a real Yjs client; resolves once the server has it. */
  const edit = async (clauseId: string, language: Language, change: (doc: Y.Doc) => void) => {
    const client = connectDocument(server.url, laosCookie, clauseDocumentName(CONSULTATION, clauseId, language));
    clients.push(client);
    await client.synced;
    change(client.doc);
    await eventually(() => !client.provider.hasUnsyncedChanges, `the edit of ${clauseId} (${language}) to be saved`);
    return clausePlainText(client.doc);
  };
  const threads = async () => (await observer.get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads;
  const reply = async (who: Api, threadId: string, body: string) => {
    const { status, body: view } = await who.post<ThreadView>(`${base}/threads/${threadId}/replies`, { body });
    expect(status).toBe(201);
    return view.comments.at(-1) as ThreadView['comments'][number];
  };

  it("shows a partner who never visited what changed since the published version: 2.1 (with Lao PDR's thread), 5.3.2, the answer to its comment", async () => {
    // Timed once, for the record (not asserted): the first request warms the code up.
    const timed = async () => {
      const started = performance.now();
      const result = await summary(tnc);
      return { result, ms: (performance.now() - started).toFixed(1) };
    };
    const cold = await timed();
    const { result: first, ms } = await timed();
    console.log(
      `since-last-visit (TNC, first visit, demo): ${cold.ms} ms first, ${ms} ms next, per request ` +
        `(the version's snapshot, a draft of 51 clauses read from the log, the diff, threads and votes); ` +
        `${Buffer.byteLength(JSON.stringify(first))} bytes of JSON`,
    );
    expect(cold.result.clauses).toEqual(first.clauses);

    expect(first.baseline).toEqual({ kind: 'version', versionId: demoVersion.id, title: DEMO_TITLE });
    expect(first.since).toBe(Date.UTC(2017, 7, 14, 8, 0));
    expect(Math.abs(first.generatedAt - Date.now())).toBeLessThan(10_000);

    const all = await threads();
    const laoThread = all.find((t) => t.clauseId === 'review-1' && t.author.personId === 'p-laos');
    const tncDemoThread = all.find((t) => t.author.personId === 'p-tnc');
    expect(clauseIds(first)).toEqual(['review-1', 'pa-3-2']);
    const [lao, biodiversity] = first.clauses;
    expect(lao).toMatchObject({
      status: 'changed',
      from: { number: '2.1', sectionId: 'review' },
      to: { number: '2.1', sectionId: 'review' },
      moved: false,
      renumbered: false,
      threadIds: [laoThread?.id],
    });
    expect(lao?.text.zh.changed).toBe(false);
    expect(shownText(lao as ClauseComparison).en).toContain('the environmental condition and its ecological systems');
    expect(biodiversity?.threadIds).toEqual([]);
    expect(biodiversity?.text.en.parts).toEqual([
      { op: 'same', text: 'Planning and construction' },
      { op: 'insert', text: ', including transboundary nature reserves and ecological corridors' },
    ]);

    // The 2017 round came after the version: every thread but TNC's own is new to it, and the
    // secretariat's answer to TNC's comment (11 September 2017).
    expect(first.newThreads.map((t) => t.threadId)).toEqual(
      all.filter((t) => t.author.personId !== 'p-tnc').map((t) => t.id),
    );
    expect(first.newThreads[0]).toEqual({
      threadId: all[0]?.id,
      clauseId: 'background-1',
      kind: 'proposal',
      author: { personId: 'p-laos', name: all[0]?.author.name },
      stakeholderId: 'laos',
      createdAt: all[0]?.createdAt,
    });
    expect(first.responsesToMine).toEqual([
      { threadId: tncDemoThread?.id, clauseId: 'pa-3-2', status: 'partially_accepted', at: DEMO_RESPONSES_AT },
    ]);
    expect(first.newReplies).toEqual([]);

    // The workshop's votes: one opened and closed (adopted), one opened.
    const { votes } = (await observer.get<{ votes: VoteView[] }>(`${base}/votes`)).body;
    const [closed, open] = votes as [VoteView, VoteView];
    expect(first.votes).toEqual([
      { voteId: closed.id, subject: closed.subject, question: closed.question, event: 'opened', at: closed.openedAt },
      {
        voteId: closed.id,
        subject: closed.subject,
        question: closed.question,
        event: 'closed',
        at: closed.closedAt,
        outcome: 'adopted',
      },
      { voteId: open.id, subject: open.subject, question: open.question, event: 'opened', at: open.openedAt },
    ]);

    // The observer has no stakeholder and started no thread: nothing answers it.
    const observed = await summary(observer);
    expect(clauseIds(observed)).toEqual(['review-1', 'pa-3-2']);
    expect(observed.responsesToMine).toEqual([]);
    expect(observed.newThreads).toHaveLength(all.length);
    // The secretariat opened and closed those votes itself, and gave those answers.
    const own = await summary(secretariat);
    expect(own.votes).toEqual([]);
    expect(own.responsesToMine).toEqual([]);
  });

  it('marks everything seen: the answer and the next summary are empty, counted from the mark', async () => {
    const before = await summary(tnc);
    const marked = await markSeen(tnc, { generatedAt: before.generatedAt });
    expect(marked).toMatchObject({ baseline: { kind: 'visit' }, since: before.generatedAt, ...NOTHING });
    const again = await summary(tnc);
    expect(again).toMatchObject({ baseline: { kind: 'visit' }, since: before.generatedAt, ...NOTHING });
    expect(again.generatedAt).toBeGreaterThanOrEqual(marked.generatedAt);
  });

  it("lists exactly a delegate's edit of 5.3.1, made through a Yjs client, and the answer to TNC's new thread, not the thread itself", async () => {
    const posted = await tnc.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-3-3',
      kind: 'comment',
      body: 'Assess each species across its whole range first.',
    });
    expect(posted.status).toBe(201);
    // Its own thread is nothing new to TNC.
    const own = await summary(tnc);
    expect(own).toMatchObject(NOTHING);
    await markSeen(tnc, { generatedAt: own.generatedAt });

    expect(await edit('pa-3-1', 'en', (doc) => appendToClause(doc, ' on migratory species'))).toBe(
      'Joint research on migratory species',
    );
    const answered = await secretariat.put<ThreadView>(`${base}/threads/${posted.body.id}/response`, {
      status: 'accepted',
      explanation: { en: 'Accepted: 5.3.1 now says so.', zh: '采纳。' },
    });
    expect(answered.status).toBe(200);
    tncThread = answered.body;

    const next = await summary(tnc);
    expect(clauseIds(next)).toEqual(['pa-3-1']);
    const [research] = next.clauses;
    expect(research).toMatchObject({
      status: 'changed',
      from: { number: '5.3.1', sectionId: 'pa-3' },
      to: { number: '5.3.1', sectionId: 'pa-3' },
      threadIds: [],
    });
    expect(research?.text.en.parts).toEqual([
      { op: 'same', text: 'Joint research' },
      { op: 'insert', text: ' on migratory species' },
    ]);
    expect(research?.text.zh).toEqual({ changed: false, parts: [{ op: 'same', text: '联合研究' }] });
    expect(next.responsesToMine).toEqual([
      { threadId: tncThread.id, clauseId: 'pa-3-3', status: 'accepted', at: tncThread.response?.at },
    ]);
    expect(next.newThreads).toEqual([]);
    expect(next.newReplies).toEqual([]);
    expect(next.votes).toEqual([]);
    // Lao PDR never visited: counted from the version, TNC's new thread is among what it has not seen.
    const lao = await summary(laos);
    expect(lao.newThreads.map((t) => t.threadId)).toContain(tncThread.id);
  });

  it("counts China's reply in TNC's thread as one in TNC's own (mine), others as not, a hidden one only for the secretariat, and a vote opened", async () => {
    const ciThread = (await threads()).find((t) => t.author.personId === 'p-ci' && t.clauseId === 'funding-5');
    if (!ciThread) throw new Error('no demo thread by CI on funding-5');
    const inMine = await reply(china, tncThread.id, 'China supports assessing the whole range.');
    await reply(china, ciThread.id, 'Payments for ecosystem services work in Yunnan.');
    const latest = await reply(china, ciThread.id, 'REDD+ too.');
    const hidden = await reply(laos, ciThread.id, 'Names an official: off the record.');
    const hide = await secretariat.post(`${base}/comments/${hidden.id}/hide`, { reason: 'Names a person' });
    expect(hide.status).toBe(200);
    const opened = await secretariat.post<{ vote: VoteView }>(`${base}/votes`, {
      subject: { kind: 'clause', clauseId: 'pa-3-1' },
      question: { en: 'Do the member states adopt 5.3.1 as edited?', zh: '成员国是否通过修改后的5.3.1条？' },
      rule: { kind: 'consensus', quorum: 4 },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const { vote } = opened.body;

    const next = await summary(tnc);
    expect(next.newReplies).toEqual([
      { threadId: tncThread.id, clauseId: 'pa-3-3', count: 1, latestAt: inMine.createdAt, mine: true },
      { threadId: ciThread.id, clauseId: 'funding-5', count: 2, latestAt: latest.createdAt, mine: false },
    ]);
    expect(next.votes).toEqual([
      { voteId: vote.id, subject: vote.subject, question: vote.question, event: 'opened', at: vote.openedAt },
    ]);
    expect(JSON.stringify(next)).not.toContain('off the record');
    // The secretariat reads hidden comments: it counts three new replies in CI's thread.
    const own = await summary(secretariat);
    expect(own.newReplies.find((r) => r.threadId === ciThread.id)).toMatchObject({ count: 3, mine: false });
    // China replied in both: it counts neither its own replies nor Lao PDR's hidden one.
    const chinese = await summary(china);
    expect(chinese.newReplies.find((r) => r.threadId === ciThread.id)).toBeUndefined();
  });

  it('keeps what came after the summary unseen when marking with its (older) generatedAt, and never moves the baseline back', async () => {
    const earlier = await summary(tnc);
    expect(clauseIds(earlier)).toEqual(['pa-3-1']);
    await after(earlier.generatedAt);
    // After the summary: 5.3.1 changes in Chinese too, and Lao PDR replies in TNC's thread.
    await edit('pa-3-1', 'zh', (doc) => appendToClause(doc, '与评估'));
    const later = await reply(laos, tncThread.id, 'Lao PDR agrees.');

    // The client sends back the texts it showed, rebuilt from each diff's `to` side.
    const marked = await markSeen(tnc, { generatedAt: earlier.generatedAt, clauses: seenTexts(earlier) });
    expect(marked.since).toBe(earlier.generatedAt);
    expect(marked.newReplies).toEqual([
      { threadId: tncThread.id, clauseId: 'pa-3-3', count: 1, latestAt: later.createdAt, mine: true },
    ]);
    expect(marked.responsesToMine).toEqual([]);
    expect(marked.votes).toEqual([]);
    expect(clauseIds(marked)).toEqual(['pa-3-1']);
    const [research] = marked.clauses;
    expect(research?.text.en.changed).toBe(false);
    expect(research?.text.zh.parts).toEqual([
      { op: 'same', text: '联合研究' },
      { op: 'insert', text: '与评估' },
    ]);

    // A generatedAt ahead of the server's clock counts as now; without texts, the draft as it
    // stands is what is marked seen.
    const everything = await markSeen(tnc, { generatedAt: Date.now() + 3_600_000 });
    expect(everything).toMatchObject(NOTHING);
    expect(everything.since).toBeLessThanOrEqual(everything.generatedAt);
    // Marking the older summary again brings nothing back.
    const again = await markSeen(tnc, { generatedAt: earlier.generatedAt, clauses: seenTexts(earlier) });
    expect(again.since).toBe(everything.since);
    expect(again.newReplies).toEqual([]);
    // …but the texts it names are what TNC saw then: 5.3.1 in Chinese shows again.
    expect(clauseIds(again)).toEqual(['pa-3-1']);
    await markSeen(tnc, { generatedAt: again.generatedAt, clauses: seenTexts(again) });
  });

  it('marks one clause seen and keeps the others, counting that clause from the text shown', async () => {
    await edit('pa-6-1', 'en', (doc) => appendToClause(doc, ' with local authorities'));
    await edit('pa-7-3', 'en', (doc) => appendToClause(doc, ' and green supply chains'));
    const both = await summary(tnc);
    expect(clauseIds(both)).toEqual(['pa-6-1', 'pa-7-3']);

    const one = await markSeen(tnc, { generatedAt: both.generatedAt, clauses: seenTexts(both, ['pa-6-1']) });
    expect(clauseIds(one)).toEqual(['pa-7-3']);
    expect(one.clauses[0]?.text.en.parts).toEqual([
      { op: 'same', text: 'Propel cooperation of Lancang-Mekong Eco-industrial Park' },
      { op: 'insert', text: ' and green supply chains' },
    ]);
    // 6.1 changes again: only what was added since the text TNC saw.
    await edit('pa-6-1', 'en', (doc) => appendToClause(doc, ' and farmers'));
    const next = await summary(tnc);
    expect(clauseIds(next)).toEqual(['pa-6-1', 'pa-7-3']);
    expect(next.clauses[0]?.text.en.parts).toEqual([
      { op: 'same', text: 'Rural environmental policy dialogue with local authorities' },
      { op: 'insert', text: ' and farmers' },
    ]);
  });

  it("keeps each person's visit apart: a partner's first mark of one clause starts from the published version", async () => {
    const tncBefore = await summary(tnc);
    const first = await summary(ci);
    expect(first.baseline).toEqual({ kind: 'version', versionId: demoVersion.id, title: DEMO_TITLE });
    expect(clauseIds(first)).toEqual(['review-1', 'pa-3-1', 'pa-3-2', 'pa-6-1', 'pa-7-3']);
    // CI's two 2017 comments were answered on 11 September.
    expect(first.responsesToMine.map((r) => [r.clauseId, r.status, r.at])).toEqual([
      ['pa-3-2', 'noted', DEMO_RESPONSES_AT],
      ['funding-5', 'partially_accepted', DEMO_RESPONSES_AT],
    ]);

    const marked = await markSeen(ci, { generatedAt: first.generatedAt, clauses: seenTexts(first, ['review-1']) });
    expect(marked.baseline).toEqual({ kind: 'visit' });
    expect(clauseIds(marked)).toEqual(['pa-3-1', 'pa-3-2', 'pa-6-1', 'pa-7-3']);
    expect(marked).toMatchObject({ newThreads: [], newReplies: [], responsesToMine: [], votes: [] });
    const stored = await server.storage.getVisit(CONSULTATION, 'p-ci');
    expect(Object.keys(stored?.clauses ?? {})).toHaveLength(51);

    // TNC's visit and the observer's first visit are as they were.
    const tncAfter = await summary(tnc);
    expect({ ...tncAfter, generatedAt: 0 }).toEqual({ ...tncBefore, generatedAt: 0 });
    expect((await summary(observer)).baseline).toMatchObject({ kind: 'version' });
    expect(await server.storage.getVisit(CONSULTATION, 'p-observer')).toBeNull();
  });

  it('refuses anonymous readers (401) and bad input (400), writing nothing; ignores unknown clause ids', async () => {
    expect((await anonymous.get<Refusal>(path)).status).toBe(401);
    expect((await anonymous.put<Refusal>(path, { generatedAt: Date.now() })).status).toBe(401);

    const long = 'x'.repeat(100_001);
    for (const body of [
      {},
      { generatedAt: -1 },
      { generatedAt: 1.5 },
      { generatedAt: '1700000000000' },
      { generatedAt: null },
      { generatedAt: 1, clauses: [] },
      { generatedAt: 1, clauses: { 'not an id': { en: '', zh: '' } } },
      { generatedAt: 1, clauses: { 'pa-3-1': { en: 'Joint research' } } },
      { generatedAt: 1, clauses: { 'pa-3-1': { en: long, zh: '' } } },
    ]) {
      const { status, body: answer } = await observer.put<Refusal>(path, body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe('invalid_input');
    }
    expect((await observer.put<Refusal>(path, 'not json')).status).toBe(400);
    expect(await server.storage.getVisit(CONSULTATION, 'p-observer')).toBeNull();

    expect((await observer.get('/api/consultations/nowhere/since-last-visit')).status).toBe(404);
    expect((await observer.put('/api/consultations/nowhere/since-last-visit', { generatedAt: 1 })).status).toBe(404);
    expect((await observer.get('/api/consultations/not%20an%20id/since-last-visit')).status).toBe(400);

    // A clause the framework does not have is ignored, not stored.
    const first = await summary(observer);
    const marked = await markSeen(observer, {
      generatedAt: first.generatedAt,
      clauses: { 'no-such-clause': { en: 'x', zh: 'y' }, ...seenTexts(first, ['review-1']) },
    });
    expect(marked.clauses.map((c) => c.clauseId)).not.toContain('review-1');
    const stored = await server.storage.getVisit(CONSULTATION, 'p-observer');
    expect(stored?.clauses).not.toHaveProperty('no-such-clause');
    expect(stored?.clauses['review-1']).toEqual(shownText(first.clauses[0] as ClauseComparison));
  });
});
