import {
  type AuditEntryView,
  clauseDocumentName,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type ReviewStatusView,
  type ThreadView,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
/** Clause 4.3, in the wording Lao PDR asked to change in 2017. */
const CLAUSE = 'principle-3';
const CLAUSE_EN = clauseDocumentName(CONSULTATION, CLAUSE, 'en');
const ORIGINAL = 'Following the principles of joint construction, sharing and mutual benefit';
const PASSAGE = 'sharing and mutual benefit';

const passageOf = (text: string, quote: string) => {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in "${text}"`);
  return { language: 'en' as const, start, end: start + quote.length, quote };
};

/** The first paragraph's XmlText of a clause document, to edit it as a Lexical client would. */
function paragraph(doc: Y.Doc): Y.XmlText {
  const first = (doc.get('root', Y.XmlText).toDelta() as { insert: unknown }[])[0]?.insert;
  if (!(first instanceof Y.XmlText)) throw new Error('no paragraph');
  return first;
}
/** Yjs index of a plain-text offset in a one-text-node paragraph (after its property map). */
const indexOf = (offset: number) => offset + 1;

describe('Threads, responses and moderation, through the real server', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let laos: Api;
  let china: Api;
  let tnc: Api;
  let observer: Api;
  let anonymous: Api;
  let laosCookie: string;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    server = await startInProcess();
    const as = async (email: string) => apiClient(server.url, await signIn(server.url, email));
    secretariat = await as('secretariat@lmec.org');
    laosCookie = await signIn(server.url, 'delegate.laos@lmec.org');
    laos = apiClient(server.url, laosCookie);
    china = await as('delegate.china@lmec.org');
    tnc = await as('tnc@partners.org');
    observer = await as('observer@lmec.org');
    anonymous = apiClient(server.url, null);
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  const open = async (cookie: string, name: string) => {
    const client = connectDocument(server.url, cookie, name);
    clients.push(client);
    await client.synced;
    return client;
  };

  const proposal = (text = ORIGINAL) => ({
    clauseId: CLAUSE,
    passage: passageOf(text, PASSAGE),
    kind: 'proposal',
    body: 'Use the wording agreed with the Lao PDR ministry.',
    proposal: { action: 'replace', text: 'access and benefit-sharing on a basis of mutual understanding' },
  });

  const threadCount = async () =>
    (await secretariat.get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads.length;
  const auditCount = async () =>
    (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries.length;

  it('anchors a proposed wording to its passage, stamping author and stakeholder from the session', async () => {
    const res = await laos.post<ThreadView>(`${base}/threads`, {
      ...proposal(),
      // Ignored: nobody posts as someone else.
      authorId: 'p-china',
      stakeholderId: 'china',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      clauseId: CLAUSE,
      kind: 'proposal',
      author: { personId: 'p-laos', name: 'Khamla Phommachanh' },
      stakeholderId: 'laos',
      status: 'open',
      locked: false,
      response: null,
      applied: null,
      passage: { language: 'en', quote: PASSAGE, now: { state: 'attached', text: PASSAGE } },
    });
    expect(res.body.comments).toHaveLength(1);
    expect(res.body.comments[0]).toMatchObject({ author: { personId: 'p-laos' }, stakeholderId: 'laos' });
  });

  it('refuses bad input with a 400 that says what is wrong, and writes nothing', async () => {
    const before = await threadCount();
    const cases: [unknown, RegExp][] = [
      [{ clauseId: CLAUSE, kind: 'comment', body: '' }, /body/],
      [{ clauseId: CLAUSE, kind: 'rant', body: 'x' }, /kind/],
      [{ clauseId: CLAUSE, kind: 'comment', body: 'a\u0000b' }, /NUL/],
      [{ clauseId: CLAUSE, kind: 'proposal', body: 'x' }, /proposal/],
      [{ ...proposal(), proposal: { action: 'replace', text: '  ' } }, /proposal\.text/],
      [{ ...proposal(), passage: { language: 'en', start: 5, end: 2, quote: '' } }, /passage\.end/],
      [{ ...proposal(), passage: { language: 'fr', start: 0, end: 3, quote: 'Fol' } }, /passage\.language/],
      [{ ...proposal(), passage: { language: 'en', start: 0, end: 3, quote: 'abcd' } }, /passage\.quote/],
      [{ clauseId: '../etc', kind: 'comment', body: 'x' }, /clauseId/],
      ['{"clauseId":', /JSON|Unexpected|json/i],
    ];
    for (const [body, message] of cases) {
      const res = await laos.post<{ error: { code: string; message: string } }>(`${base}/threads`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(
      (await laos.post(`${base}/threads`, { clauseId: 'no-such-clause', kind: 'comment', body: 'x' })).status,
    ).toBe(404);
    // A quote that is nowhere in the text any more: select again.
    const stale = await laos.post<{ error: { message: string; reason?: string } }>(`${base}/threads`, {
      ...proposal(),
      passage: { language: 'en', start: 0, end: 7, quote: 'Nowhere' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/select it again/);
    expect(stale.body.error.reason).toBe('passage_changed');
    expect(await threadCount()).toBe(before);
  });

  it('refuses every route to each role that may not use it (403) and changes nothing', async () => {
    const { body: thread } = await laos.post<ThreadView>(`${base}/threads`, {
      clauseId: CLAUSE,
      kind: 'comment',
      body: 'A comment to act on',
    });
    const commentId = thread.comments[0]?.id as string;
    const snapshot = async () => JSON.stringify((await secretariat.get(`${base}/threads/${thread.id}`)).body);
    const before = await snapshot();
    const auditBefore = await auditCount();
    const threadsBefore = await threadCount();

    const routes: { who: Api; name: string; call: () => Promise<{ status: number }> }[] = [];
    const refuse = (who: Api, name: string, call: () => Promise<{ status: number }>) =>
      routes.push({ who, name, call });
    for (const [name, who] of [
      ['observer', observer],
      ['china', china],
      ['tnc', tnc],
    ] as const) {
      refuse(who, `${name} responds`, () =>
        who.put(`${base}/threads/${thread.id}/response`, { status: 'accepted', explanation: { en: 'ok', zh: '' } }),
      );
      refuse(who, `${name} moderates`, () => who.post(`${base}/threads/${thread.id}/moderation`, { action: 'lock' }));
      refuse(who, `${name} hides`, () => who.post(`${base}/comments/${commentId}/hide`, { reason: 'spam' }));
      refuse(who, `${name} unhides`, () => who.post(`${base}/comments/${commentId}/unhide`));
      refuse(who, `${name} applies`, () => who.post(`${base}/threads/${thread.id}/apply`));
      refuse(who, `${name} edits another's comment`, () =>
        who.patch(`${base}/comments/${commentId}`, { body: 'mine now' }),
      );
      refuse(who, `${name} withdraws another's comment`, () => who.del(`${base}/comments/${commentId}`));
      refuse(who, `${name} reads the audit log`, () => who.get(`${base}/audit`));
    }
    refuse(observer, 'observer comments', () =>
      observer.post(`${base}/threads`, { clauseId: CLAUSE, kind: 'comment', body: 'x' }),
    );
    refuse(observer, 'observer replies', () => observer.post(`${base}/threads/${thread.id}/replies`, { body: 'x' }));
    refuse(observer, 'observer sets a review status', () =>
      observer.put(`${base}/review-statuses/laos`, { status: 'submitted' }),
    );
    refuse(china, 'china sets the Lao review status', () =>
      china.put(`${base}/review-statuses/laos`, { status: 'submitted' }),
    );
    refuse(tnc, 'tnc sets the Lao review status', () =>
      tnc.put(`${base}/review-statuses/laos`, { status: 'submitted' }),
    );

    for (const { name, call } of routes) expect((await call()).status, name).toBe(403);
    expect((await anonymous.get(`${base}/threads`)).status).toBe(401);
    expect((await anonymous.post(`${base}/threads`, { clauseId: CLAUSE, kind: 'comment', body: 'x' })).status).toBe(
      401,
    );

    expect(await snapshot()).toBe(before);
    expect(await auditCount()).toBe(auditBefore);
    expect(await threadCount()).toBe(threadsBefore);
    const statuses = (await laos.get<{ reviewStatuses: ReviewStatusView[] }>(`${base}/review-statuses`)).body;
    // The demo has Lao PDR "submitted" (as in 2017): unchanged.
    expect(statuses.reviewStatuses.find((s) => s.stakeholderId === 'laos')?.status).toBe('submitted');
  });

  it('keeps the anchor on its passage through edits before, inside and after it, by a real Yjs client', async () => {
    const editor = await open(laosCookie, CLAUSE_EN);
    const text = clausePlainText(editor.doc);
    const { body: thread } = await laos.post<ThreadView>(`${base}/threads`, {
      clauseId: CLAUSE,
      passage: passageOf(text, 'joint construction'),
      kind: 'comment',
      body: 'What does joint construction cover?',
    });
    const p = paragraph(editor.doc);
    const at = (quote: string) => clausePlainText(editor.doc).indexOf(quote);
    p.insert(indexOf(0), 'Firmly ');
    p.insert(indexOf(at('construction')), 'and fair ');
    p.insert(indexOf(at('construction') + 'construction'.length), ' [after]');
    // Typed at the passage's very edges: outside it.
    p.insert(indexOf(at('joint')), '«');
    await eventually(async () => {
      const now = (await laos.get<ThreadView>(`${base}/threads/${thread.id}`)).body.passage?.now;
      return now?.state === 'attached' && now.text === 'joint and fair construction';
    }, 'the anchor to follow the edits');
    const { body } = await laos.get<ThreadView>(`${base}/threads/${thread.id}`);
    const now = body.passage?.now;
    if (now?.state !== 'attached') throw new Error('detached');
    expect(clausePlainText(editor.doc).slice(now.start, now.end)).toBe('joint and fair construction');
    expect(body.passage?.quote).toBe('joint construction');

    // Deleting the whole passage detaches the thread; it is kept, never lost.
    const start = at('joint and fair construction');
    p.delete(indexOf(start), 'joint and fair construction'.length);
    await eventually(
      async () => (await laos.get<ThreadView>(`${base}/threads/${thread.id}`)).body.passage?.now.state === 'detached',
      'the thread to show as detached',
    );
    const list = (await observer.get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads;
    expect(list.find((t) => t.id === thread.id)?.passage?.now).toEqual({ state: 'detached' });
    // Put the clause back as it was for the next tests.
    p.delete(indexOf(0), p.length - 1);
    p.insert(indexOf(0), ORIGINAL);
    await eventually(() => editor.provider.unsyncedChanges === 0, 'the restore to be saved');
  });

  it('pushes a realtime event to a second client on the page', async () => {
    const chinaCookie = await signIn(server.url, 'delegate.china@lmec.org');
    const page = await open(chinaCookie, presenceDocumentName(CONSULTATION));
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    const { body: thread } = await tnc.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-3-1',
      kind: 'question',
      body: 'Is there a specific plan for transboundary protected areas?',
    });
    await eventually(
      () => events.some((e) => e.type === 'threads.changed' && e.threadIds.includes(thread.id)),
      'the event to reach the other client',
    );
    await laos.put(`${base}/review-statuses/laos`, { status: 'reviewing' });
    await eventually(() => events.some((e) => e.type === 'reviewStatuses.changed'), 'the review status event');
  });

  it('lets the secretariat respond and apply an accepted wording through the live document', async () => {
    const witness = await open(laosCookie, CLAUSE_EN);
    const { body: thread } = await laos.post<ThreadView>(`${base}/threads`, proposal(clausePlainText(witness.doc)));

    // Not before it is accepted.
    const early = await secretariat.post<{ error: { message: string; reason?: string } }>(
      `${base}/threads/${thread.id}/apply`,
    );
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/Accept/);
    expect(early.body.error.reason).toBe('not_accepted_yet');

    const badResponse = await secretariat.put(`${base}/threads/${thread.id}/response`, {
      status: 'accepted',
      explanation: { en: '', zh: '' },
    });
    expect(badResponse.status).toBe(400);
    const responded = await secretariat.put<ThreadView>(`${base}/threads/${thread.id}/response`, {
      status: 'accepted',
      explanation: { en: 'Accepted.', zh: '采纳' },
    });
    expect(responded.status).toBe(200);
    expect(responded.body.response).toMatchObject({ status: 'accepted', by: { personId: 'p-secretariat' } });

    // The author can no longer edit or withdraw once answered.
    const opening = thread.comments[0]?.id as string;
    const answered = await laos.patch<{ error: { reason?: string } }>(`${base}/comments/${opening}`, {
      body: 'changed my mind',
    });
    expect(answered.status).toBe(409);
    expect(answered.body.error.reason).toBe('already_responded');
    expect((await laos.del(`${base}/comments/${opening}`)).status).toBe(409);

    const applied = await secretariat.post<ThreadView>(`${base}/threads/${thread.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toMatchObject({ by: { personId: 'p-secretariat', name: 'Chen Jing' } });
    const expected =
      'Following the principles of joint construction, access and benefit-sharing on a basis of mutual understanding';
    await eventually(() => clausePlainText(witness.doc) === expected, 'the connected client to see the new wording');
    // The passage now follows the applied wording.
    expect(applied.body.passage?.now).toMatchObject({
      state: 'attached',
      text: 'access and benefit-sharing on a basis of mutual understanding',
    });
    // Applied once only.
    const again = await secretariat.post<{ error: { reason?: string } }>(`${base}/threads/${thread.id}/apply`);
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('already_applied');

    // Durable: the stored log holds the change even for a reader that opens the document fresh.
    const fresh = await open(await signIn(server.url, 'observer@lmec.org'), CLAUSE_EN);
    expect(clausePlainText(fresh.doc)).toBe(expected);

    const audit = (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries;
    expect(audit[0]).toMatchObject({
      action: 'thread.applyWording',
      target: `thread:${thread.id}`,
      actor: { personId: 'p-secretariat' },
      detail: { before: PASSAGE, after: 'access and benefit-sharing on a basis of mutual understanding' },
    });
    expect(audit.some((e) => e.action === 'thread.respond' && e.target === `thread:${thread.id}`)).toBe(true);
  });

  it('lets authors edit and withdraw their own comments until a response, and nobody else', async () => {
    const { body: thread } = await china.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-4-1',
      kind: 'comment',
      body: 'First draft of my comment',
    });
    const id = thread.comments[0]?.id as string;
    const hijacked = await laos.patch<{ error: { reason?: string } }>(`${base}/comments/${id}`, { body: 'hijacked' });
    expect(hijacked.status).toBe(403);
    expect(hijacked.body.error.reason).toBe('not_author');
    expect((await secretariat.patch(`${base}/comments/${id}`, { body: 'rewritten' })).status).toBe(403);
    const edited = await china.patch<ThreadView>(`${base}/comments/${id}`, { body: 'Second draft' });
    expect(edited.status).toBe(200);
    expect(edited.body.comments[0]).toMatchObject({ body: 'Second draft' });
    expect(edited.body.comments[0]?.editedAt).toBeTypeOf('number');
    const withdrawn = await china.del<ThreadView>(`${base}/comments/${id}`);
    expect(withdrawn.body.comments[0]).toMatchObject({ body: null });
    expect(withdrawn.body.comments[0]?.withdrawnAt).toBeTypeOf('number');
    expect((await china.patch(`${base}/comments/${id}`, { body: 'again' })).status).toBe(409);
  });

  it('hides a comment behind a placeholder for all but the secretariat, locks, resolves and marks duplicates', async () => {
    const { body: thread } = await tnc.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-3-2',
      kind: 'comment',
      body: 'Add integrated watershed planning.',
    });
    const reply = await laos.post<ThreadView>(`${base}/threads/${thread.id}/replies`, { body: 'Off-topic remark' });
    expect(reply.status).toBe(201);
    const replyId = reply.body.comments[1]?.id as string;

    expect((await secretariat.post(`${base}/comments/${replyId}/hide`, {})).status).toBe(400);
    const hidden = await secretariat.post<ThreadView>(`${base}/comments/${replyId}/hide`, { reason: 'Off topic' });
    expect(hidden.body.comments[1]).toMatchObject({ body: 'Off-topic remark', hidden: { reason: 'Off topic' } });
    const seenByDelegate = (await laos.get<ThreadView>(`${base}/threads/${thread.id}`)).body;
    expect(seenByDelegate.comments[1]).toMatchObject({
      body: null,
      hidden: { reason: null, by: { name: 'Chen Jing' } },
    });
    expect(seenByDelegate.comments[0]?.body).toBe('Add integrated watershed planning.');
    expect(JSON.stringify(seenByDelegate)).not.toContain('Off-topic remark');

    const unhidden = await secretariat.post<ThreadView>(`${base}/comments/${replyId}/unhide`);
    expect(unhidden.body.comments[1]).toMatchObject({ body: 'Off-topic remark', hidden: null });

    const locked = await secretariat.post<ThreadView>(`${base}/threads/${thread.id}/moderation`, {
      action: 'lock',
      reason: 'Discussed in the workshop',
    });
    expect(locked.body.locked).toBe(true);
    const lockedReply = await tnc.post<{ error: { message: string; reason?: string } }>(
      `${base}/threads/${thread.id}/replies`,
      { body: 'one more thing' },
    );
    expect(lockedReply.status).toBe(409);
    expect(lockedReply.body.error.message).toMatch(/locked/);
    expect(lockedReply.body.error.reason).toBe('thread_locked');
    await secretariat.post(`${base}/threads/${thread.id}/moderation`, { action: 'unlock' });
    expect((await tnc.post(`${base}/threads/${thread.id}/replies`, { body: 'one more thing' })).status).toBe(201);

    const resolved = await secretariat.post<ThreadView>(`${base}/threads/${thread.id}/moderation`, {
      action: 'resolve',
    });
    expect(resolved.body.status).toBe('resolved');

    const { body: other } = await china.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-3-2',
      kind: 'comment',
      body: 'Also: watershed planning.',
    });
    const duplicate = await secretariat.post<ThreadView>(`${base}/threads/${other.id}/moderation`, {
      action: 'markDuplicate',
      duplicateOf: thread.id,
    });
    expect(duplicate.body.duplicateOf).toBe(thread.id);
    expect(
      (
        await secretariat.post(`${base}/threads/${thread.id}/moderation`, {
          action: 'markDuplicate',
          duplicateOf: other.id,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await secretariat.post(`${base}/threads/${other.id}/moderation`, {
          action: 'markDuplicate',
          duplicateOf: 'nope',
        })
      ).status,
    ).toBe(404);
    expect((await secretariat.post(`${base}/threads/${other.id}/moderation`, { action: 'explode' })).status).toBe(400);

    const actions = (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries
      .filter(
        (e) =>
          e.target === `thread:${thread.id}` || e.target === `comment:${replyId}` || e.target === `thread:${other.id}`,
      )
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual([
      'comment.hide',
      'comment.unhide',
      'thread.lock',
      'thread.unlock',
      'thread.resolve',
      'thread.markDuplicate',
    ]);
    const hideEntry = (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries.find(
      (e) => e.action === 'comment.hide',
    );
    expect(hideEntry).toMatchObject({ reason: 'Off topic', actor: { name: 'Chen Jing' } });
  });

  it('keeps one review status per stakeholder, set by its own people or the secretariat', async () => {
    expect((await laos.put(`${base}/review-statuses/laos`, { status: 'done' })).status).toBe(400);
    expect((await laos.put(`${base}/review-statuses/laos`, { status: 'no_comments' })).status).toBe(200);
    expect((await secretariat.put(`${base}/review-statuses/cambodia`, { status: 'no_comments' })).status).toBe(200);
    expect((await secretariat.put(`${base}/review-statuses/lmec`, { status: 'submitted' })).status).toBe(409);
    expect((await secretariat.put(`${base}/review-statuses/atlantis`, { status: 'submitted' })).status).toBe(404);
    const { body } = await observer.get<{ reviewStatuses: ReviewStatusView[] }>(`${base}/review-statuses`);
    const byId = Object.fromEntries(body.reviewStatuses.map((s) => [s.stakeholderId, s]));
    expect(byId.laos).toMatchObject({ status: 'no_comments', by: { personId: 'p-laos' } });
    expect(byId.cambodia).toMatchObject({ status: 'no_comments', by: { personId: 'p-secretariat' } });
    // Viet Nam left its row of the 2017 matrix blank: not started.
    expect(byId.vietnam).toMatchObject({ status: 'not_started', by: null });
    expect(byId.lmec).toBeUndefined();
  });

  it('answers 404 for another consultation or unknown ids, and 400 for malformed ids', async () => {
    expect((await laos.get(`/api/consultations/nope/threads`)).status).toBe(404);
    expect((await laos.get(`${base}/threads/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
    expect((await laos.get(`${base}/threads/${encodeURIComponent('a b')}`)).status).toBe(400);
  });
});
