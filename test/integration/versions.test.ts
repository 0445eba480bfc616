import {
  type AuditEntryView,
  type ClauseComparison,
  type Comparison,
  clauseDocumentName,
  type Language,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type ThreadView,
  type VersionSummary,
  type VersionView,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText, prependToClause } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const DEMO_TITLE = {
  en: 'Revised draft sent to the Mekong countries, 14 Aug 2017',
  zh: '发送湄公河国家的修订稿（2017年8月14日）',
};

type VersionList = { versions: VersionSummary[] };
type Refusal = { error: { code: string; message: string; reason?: string } };

/** Deletes `word` from a clause's first paragraph (one text node), as a Lexical client would. */
function deleteFromClause(doc: Y.Doc, word: string): void {
  const first = (doc.get('root', Y.XmlText).toDelta() as { insert: unknown }[])[0]?.insert;
  if (!(first instanceof Y.XmlText)) throw new Error('no paragraph');
  let index = 0;
  for (const { insert } of first.toDelta() as { insert: unknown }[]) {
    if (typeof insert !== 'string') {
      index += 1;
      continue;
    }
    const at = insert.indexOf(word);
    if (at >= 0) {
      first.delete(index + at, word.length);
      return;
    }
    index += insert.length;
  }
  throw new Error(`"${word}" is not in the clause`);
}

/** The text a clause's diff inserted (or deleted) in one language, runs joined. */
const runs = (clause: ClauseComparison | undefined, language: Language, op: 'insert' | 'delete') =>
  (clause?.text[language].parts ?? [])
    .filter((part) => part.op === op)
    .map((part) => part.text)
    .join('|');

const changedIds = (comparison: Comparison) =>
  comparison.clauses.filter((c) => c.status !== 'unchanged').map((c) => c.clauseId);
const clauseOf = (comparison: Comparison, clauseId: string) => comparison.clauses.find((c) => c.clauseId === clauseId);

describe('Published versions and their comparison, through the real server', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let laos: Api;
  let tnc: Api;
  let observer: Api;
  let anonymous: Api;
  let laosCookie: string;
  let chinaCookie: string;
  let demoVersion: VersionSummary;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    server = await startInProcess();
    const as = async (email: string) => apiClient(server.url, await signIn(server.url, email));
    secretariat = await as('secretariat@lmec.org');
    laosCookie = await signIn(server.url, 'delegate.laos@lmec.org');
    laos = apiClient(server.url, laosCookie);
    chinaCookie = await signIn(server.url, 'delegate.china@lmec.org');
    tnc = await as('tnc@partners.org');
    observer = await as('observer@lmec.org');
    anonymous = apiClient(server.url, null);
    const { body } = await observer.get<VersionList>(`${base}/versions`);
    demoVersion = body.versions.at(-1) as VersionSummary;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  /** A real Yjs client on a clause document, synced. */
  const open = async (cookie: string, clauseId: string, language: Language) => {
    const client = connectDocument(server.url, cookie, clauseDocumentName(CONSULTATION, clauseId, language));
    clients.push(client);
    await client.synced;
    return client;
  };
  /** Edits a clause through a real client and waits until the server has acknowledged it. */
  const edit = async (clauseId: string, language: Language, change: (doc: Y.Doc) => void) => {
    const client = await open(laosCookie, clauseId, language);
    change(client.doc);
    await eventually(() => !client.provider.hasUnsyncedChanges, `the edit of ${clauseId} (${language}) to be saved`);
    return clausePlainText(client.doc);
  };
  const publish = async (title = { en: 'Draft for the workshop', zh: '研讨会稿' }, note?: string) => {
    const { status, body } = await secretariat.post<VersionSummary>(`${base}/versions`, { title, note });
    expect(status, JSON.stringify(body)).toBe(201);
    return body;
  };
  const compare = async (from: string, to?: string, who: Api = observer) => {
    const query = `from=${encodeURIComponent(from)}${to === undefined ? '' : `&to=${encodeURIComponent(to)}`}`;
    const { status, body } = await who.get<Comparison>(`${base}/compare?${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };
  /** The raw JSON text of a GET, as the server sent it. */
  const rawGet = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const versionCount = async () => (await secretariat.get<VersionList>(`${base}/versions`)).body.versions.length;
  const audit = async () => (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries;

  it('shows the demo version: the draft of 14 August 2017 as sent out, published by the secretariat', async () => {
    const { status, body } = await observer.get<VersionList>(`${base}/versions`);
    expect(status).toBe(200);
    expect(body.versions).toEqual([
      {
        id: expect.any(String),
        consultationId: CONSULTATION,
        title: DEMO_TITLE,
        note: expect.stringContaining('10 September 2017'),
        publishedBy: { personId: 'p-secretariat', name: 'Chen Jing' },
        publishedAt: Date.UTC(2017, 7, 14, 8, 0),
        restoredFrom: null,
        clauseCount: 51,
        threadCount: 0,
        snapshotBytes: expect.any(Number),
      },
    ]);
    // A list never carries the snapshots.
    expect(body.versions[0]).not.toHaveProperty('framework');

    const version = (await observer.get<VersionView>(`${base}/versions/${demoVersion.id}`)).body;
    const raw = await rawGet(`${base}/versions/${demoVersion.id}`, laosCookie);
    console.log(
      `demo version: snapshot ${demoVersion.snapshotBytes} bytes (${version.framework.clauses.length} clauses, ` +
        `${version.framework.sections.length} sections, no threads); GET answer ${Buffer.byteLength(raw)} bytes`,
    );
    expect(version.threads).toEqual([]);
    expect(version.framework.sections.map((s) => s.number).slice(0, 7)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '5.1',
      '5.2',
    ]);
    expect(version.framework.clauses.find((c) => c.id === 'review-1')).toEqual({
      id: 'review-1',
      sectionId: 'review',
      position: 0,
      number: '2.1',
      text: {
        en: 'Rapid economic growth has brought a great pressure to the rich fragile ecological environment for the region.',
        zh: '经济的快速增长对区域内丰富而脆弱的生态环境带来了巨大的压力。',
      },
    });
    expect(version.framework.clauses.find((c) => c.id === 'pa-3-2')).toMatchObject({
      number: '5.3.2',
      text: { en: 'Planning and construction', zh: '综合规划开发建设' },
    });
  });

  it("compares the demo version with the draft: 2.1 with Lao PDR's applied wording and 5.3.2, nothing else", async () => {
    // Timed once, for the record (not asserted): the first request warms the code up.
    const timed = async () => {
      const started = performance.now();
      const result = await compare(demoVersion.id);
      return { result, ms: (performance.now() - started).toFixed(1) };
    };
    const cold = await timed();
    const { result: comparison, ms } = await timed();
    console.log(
      `compare(demo version → draft): ${cold.ms} ms first, ${ms} ms next, per request (a draft snapshot of ` +
        `${comparison.clauses.length} clauses read from the log, 2 documents each, and the word diff)`,
    );
    expect(cold.result.clauses).toEqual(comparison.clauses);
    expect(comparison.from).toEqual({
      kind: 'version',
      id: demoVersion.id,
      title: DEMO_TITLE,
      at: Date.UTC(2017, 7, 14, 8, 0),
    });
    expect(comparison.to).toEqual({ kind: 'draft', at: expect.any(Number) });
    expect(Math.abs(comparison.to.at - Date.now())).toBeLessThan(10_000);
    expect(changedIds(comparison)).toEqual(['review-1', 'pa-3-2']);
    expect(comparison.summary).toEqual({ changed: 2, added: 0, removed: 0, moved: 0, renumbered: 0, unchanged: 49 });
    expect(comparison.sections).toEqual([]);

    const { body } = await observer.get<{ threads: ThreadView[] }>(`${base}/threads`);
    const laoThread = body.threads.find((t) => t.clauseId === 'review-1' && t.author.personId === 'p-laos');
    expect(laoThread?.applied).toEqual({
      by: { personId: 'p-secretariat', name: 'Chen Jing' },
      at: Date.UTC(2017, 8, 12, 2, 30),
    });
    // Its passage follows the applied wording, as after applying it live.
    expect(laoThread?.passage?.now).toMatchObject({
      state: 'attached',
      text: 'brought a great pressure to the environmental condition and its ecological systems in the region',
    });

    const lao = clauseOf(comparison, 'review-1');
    expect(lao).toMatchObject({ status: 'changed', moved: false, renumbered: false, threadIds: [laoThread?.id] });
    expect(lao?.from).toEqual({ number: '2.1', sectionId: 'review' });
    expect(lao?.text.zh.changed).toBe(false);
    expect(lao?.text.en.changed).toBe(true);
    expect(runs(lao, 'en', 'delete')).toContain('rich fragile');
    expect(runs(lao, 'en', 'insert')).toContain('environmental condition and its');
    expect(runs(lao, 'en', 'insert')).toContain('systems in');

    const biodiversity = clauseOf(comparison, 'pa-3-2');
    expect(biodiversity).toMatchObject({ status: 'changed', threadIds: [] });
    expect(biodiversity?.text.en.parts).toEqual([
      { op: 'same', text: 'Planning and construction' },
      { op: 'insert', text: ', including transboundary nature reserves and ecological corridors' },
    ]);
    expect(biodiversity?.text.zh.parts).toEqual([
      { op: 'same', text: '综合规划开发建设' },
      { op: 'insert', text: '，包括跨境自然保护区和生态廊道' },
    ]);
    // Clauses other tests select by their text are as seeded.
    for (const id of ['background-1', 'principle-3']) expect(clauseOf(comparison, id)?.status, id).toBe('unchanged');
  });

  it('lets only the secretariat publish (201, audited); delegates, partners, observers and anonymous are refused and nothing is written', async () => {
    const before = { versions: await versionCount(), audit: (await audit()).length };
    const request = { title: { en: 'Not theirs to publish', zh: '' } };
    for (const [who, name] of [
      [laos, 'delegate'],
      [tnc, 'partner'],
      [observer, 'observer'],
    ] as const) {
      const { status, body } = await who.post<Refusal>(`${base}/versions`, request);
      expect(status, name).toBe(403);
      expect(body.error.reason, name).toBe('role');
    }
    expect((await anonymous.post(`${base}/versions`, request)).status).toBe(401);
    expect((await anonymous.get(`${base}/versions`)).status).toBe(401);
    expect((await anonymous.get(`${base}/compare?from=${demoVersion.id}`)).status).toBe(401);
    expect((await anonymous.get(`${base}/versions/${demoVersion.id}`)).status).toBe(401);
    // Nameless, or with a NUL character: 400, as for the secretariat.
    expect((await secretariat.post(`${base}/versions`, { title: { en: ' ', zh: '' } })).status).toBe(400);
    expect((await secretariat.post(`${base}/versions`, { title: { en: 'A\u0000', zh: '' } })).status).toBe(400);
    expect((await secretariat.post('/api/consultations/nowhere/versions', request)).status).toBe(404);
    expect({ versions: await versionCount(), audit: (await audit()).length }).toEqual(before);

    const started = performance.now();
    const version = await publish(
      { en: 'Draft after the 2017 round', zh: '2017年征求意见后的草案' },
      'For the Beijing workshop.',
    );
    console.log(
      `publish with the demo threads: ${(performance.now() - started).toFixed(1)} ms, snapshot ${version.snapshotBytes} bytes`,
    );
    const threads = (await observer.get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads;
    expect(version).toEqual({
      id: expect.any(String),
      consultationId: CONSULTATION,
      title: { en: 'Draft after the 2017 round', zh: '2017年征求意见后的草案' },
      note: 'For the Beijing workshop.',
      publishedBy: { personId: 'p-secretariat', name: 'Chen Jing' },
      publishedAt: expect.any(Number),
      restoredFrom: null,
      clauseCount: 51,
      threadCount: threads.length,
      snapshotBytes: expect.any(Number),
    });
    expect(version.snapshotBytes).toBeGreaterThan(demoVersion.snapshotBytes);
    const list = (await laos.get<VersionList>(`${base}/versions`)).body.versions;
    expect(list.map((v) => v.id)).toEqual([version.id, demoVersion.id]);
    const [entry] = await audit();
    expect(entry).toMatchObject({
      action: 'version.publish',
      target: `version:${version.id}`,
      actor: { personId: 'p-secretariat' },
      detail: { title: version.title, threadCount: threads.length, snapshotBytes: version.snapshotBytes },
      at: version.publishedAt,
    });
    // What it holds is the draft of that moment: the same as comparing it with the draft now.
    const view = (await observer.get<VersionView>(`${base}/versions/${version.id}`)).body;
    expect(view.threads.map((t) => t.id)).toEqual(threads.map((t) => t.id));
    expect(Buffer.byteLength(JSON.stringify({ framework: view.framework, threads: view.threads }))).toBe(
      version.snapshotBytes,
    );
    expect(changedIds(await compare(version.id))).toEqual([]);
  });

  it('keeps the threads in a version as anyone could read them: a hidden comment stays hidden, even for the secretariat', async () => {
    const { body: thread } = await tnc.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-3-3',
      kind: 'comment',
      body: 'Range-wide protection of endangered species.',
    });
    const { body: replied } = await laos.post<ThreadView>(`${base}/threads/${thread.id}/replies`, {
      body: 'Names an official: off the record.',
    });
    const replyId = replied.comments[1]?.id as string;
    await secretariat.post(`${base}/comments/${replyId}/hide`, { reason: 'Names a person' });
    const version = await publish();
    const view = (await secretariat.get<VersionView>(`${base}/versions/${version.id}`)).body;
    const kept = view.threads.find((t) => t.id === thread.id);
    expect(kept?.comments.map((c) => c.body)).toEqual(['Range-wide protection of endangered species.', null]);
    expect(kept?.comments[1]?.hidden).toMatchObject({ by: { personId: 'p-secretariat' }, reason: null });
    expect(JSON.stringify(view)).not.toContain('off the record');
    expect(JSON.stringify(view)).not.toContain('Names a person');
  });

  it('keeps a published version byte for byte as it was while the draft and the threads move on', async () => {
    const version = await publish({ en: 'Frozen', zh: '定稿' });
    const path = `${base}/versions/${version.id}`;
    const before = await rawGet(path, laosCookie);
    const clause = JSON.parse(before).framework.clauses.find((c: { id: string }) => c.id === 'pa-5-4');

    const now = await edit('pa-5-4', 'en', (doc) => appendToClause(doc, ' and recycling'));
    expect(now).toBe('Municipal waste management and recycling');
    await tnc.post(`${base}/threads`, { clauseId: 'pa-5-4', kind: 'question', body: 'Which cities first?' });
    // The document unloaded: the draft is read from the log.
    for (const client of clients.splice(0)) client.destroy();
    const name = clauseDocumentName(CONSULTATION, 'pa-5-4', 'en');
    await eventually(() => !server.app.hocuspocus.documents.has(name), 'the document to unload');

    const after = await rawGet(path, laosCookie);
    expect(after).toBe(before);
    expect(clause.text.en).toBe('Municipal waste management');
    const comparison = await compare(version.id);
    expect(changedIds(comparison)).toEqual(['pa-5-4']);
    expect(runs(clauseOf(comparison, 'pa-5-4'), 'en', 'insert')).toBe(' and recycling');
  });

  it('compares a version with the draft after edits in both languages through real Yjs clients: exactly those clauses, with the words inserted and deleted', async () => {
    const version = await publish({ en: 'Before the edits', zh: '修改前' });
    await edit('pa-6-2', 'en', (doc) => appendToClause(doc, ' for rural communities'));
    await edit('pa-6-2', 'zh', (doc) => prependToClause(doc, '加强'));
    await edit('pa-8-1', 'en', (doc) => deleteFromClause(doc, 'information '));
    await edit('pa-8-2', 'zh', (doc) => deleteFromClause(doc, '共享'));
    await edit('funding-4', 'en', (doc) => {
      deleteFromClause(doc, 'enterprises');
      appendToClause(doc, 'the private sector');
    });

    const comparison = await compare(version.id, 'draft', laos);
    expect(changedIds(comparison)).toEqual(['pa-6-2', 'pa-8-1', 'pa-8-2', 'funding-4']);
    expect(comparison.summary).toMatchObject({ changed: 4, added: 0, removed: 0, moved: 0, renumbered: 0 });

    const rural = clauseOf(comparison, 'pa-6-2');
    expect(rural?.text.en.parts).toEqual([
      { op: 'same', text: 'Technology cooperation' },
      { op: 'insert', text: ' for rural communities' },
    ]);
    expect(rural?.text.zh.parts).toEqual([
      { op: 'insert', text: '加强' },
      { op: 'same', text: '技术合作' },
    ]);
    const data = clauseOf(comparison, 'pa-8-1');
    expect(data?.text.zh.changed).toBe(false);
    expect(runs(data, 'en', 'delete').trim()).toBe('information');
    expect(runs(data, 'en', 'insert')).toBe('');
    const sharing = clauseOf(comparison, 'pa-8-2');
    expect(sharing?.text.en.changed).toBe(false);
    expect(sharing?.text.zh.parts).toEqual([
      { op: 'same', text: '环境信息' },
      { op: 'delete', text: '共享' },
      { op: 'same', text: '活动' },
    ]);
    const funding = clauseOf(comparison, 'funding-4');
    expect(funding?.text.en.parts).toEqual([
      { op: 'same', text: 'Support from ' },
      { op: 'delete', text: 'enterprises' },
      { op: 'insert', text: 'the private sector' },
    ]);
    expect(comparison.clauses.every((c) => c.threadIds.length === 0)).toBe(true);
  });

  it('compares two versions, either way round, naming the threads whose wording was applied between them', async () => {
    const first = await publish({ en: 'First', zh: '第一稿' });
    const text = 'Knowledge sharing and communication dialogue among think tanks';
    const quote = 'communication dialogue';
    const { body: thread } = await laos.post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-8-3',
      passage: { language: 'en', start: text.indexOf(quote), end: text.indexOf(quote) + quote.length, quote },
      kind: 'proposal',
      body: 'Exchanges, not only dialogue.',
      proposal: { action: 'replace', text: 'exchanges' },
    });
    await secretariat.put(`${base}/threads/${thread.id}/response`, {
      status: 'accepted',
      explanation: { en: 'Accepted.', zh: '采纳。' },
    });
    expect((await secretariat.post(`${base}/threads/${thread.id}/apply`)).status).toBe(200);
    const second = await publish({ en: 'Second', zh: '第二稿' });

    const forward = await compare(first.id, second.id);
    expect(forward.from).toEqual({ kind: 'version', id: first.id, title: first.title, at: first.publishedAt });
    expect(forward.to).toEqual({ kind: 'version', id: second.id, title: second.title, at: second.publishedAt });
    expect(changedIds(forward)).toEqual(['pa-8-3']);
    const applied = clauseOf(forward, 'pa-8-3');
    expect(applied?.threadIds).toEqual([thread.id]);
    expect(applied?.text.en.parts).toEqual([
      { op: 'same', text: 'Knowledge sharing and ' },
      { op: 'delete', text: quote },
      { op: 'insert', text: 'exchanges' },
      { op: 'same', text: ' among think tanks' },
    ]);

    // Backwards: the same clause, the diff the other way, the same thread.
    const backward = await compare(second.id, first.id);
    expect(changedIds(backward)).toEqual(['pa-8-3']);
    expect(clauseOf(backward, 'pa-8-3')?.threadIds).toEqual([thread.id]);
    expect(runs(clauseOf(backward, 'pa-8-3'), 'en', 'insert')).toBe(quote);

    // The wording was applied before the second version: nothing between it and the draft.
    expect(changedIds(await compare(second.id))).toEqual([]);
    // And the demo's Lao wording (12 Sep 2017) is before both.
    expect(forward.clauses.flatMap((c) => c.threadIds)).toEqual([thread.id]);
    // A version with itself: nothing changed.
    const same = await compare(first.id, first.id);
    expect(same.summary).toMatchObject({ changed: 0, added: 0, removed: 0, unchanged: 51 });
    // The draft with itself too.
    expect((await compare('draft', 'draft')).summary.unchanged).toBe(51);
  });

  it("refuses bad sides (400) and unknown or another consultation's versions (404)", async () => {
    await server.storage.createConsultation({
      consultation: { id: 'other-2018', title: { en: 'Another framework', zh: '另一个框架' } },
      framework: { consultationId: 'other-2018', sections: [], clauses: [] },
      documents: new Map(),
    });
    const snapshot = JSON.stringify({ framework: { sections: [], clauses: [] }, threads: [] });
    await server.storage.createVersion(
      {
        id: 'other-version',
        consultationId: 'other-2018',
        title: { en: 'Elsewhere', zh: '别处' },
        note: '',
        publishedById: 'p-secretariat',
        publishedAt: Date.UTC(2018, 0, 1),
        restoredFrom: null,
        clauseCount: 0,
        threadCount: 0,
        snapshot,
        snapshotBytes: Buffer.byteLength(snapshot),
      },
      {
        consultationId: 'other-2018',
        actorId: 'p-secretariat',
        action: 'version.publish',
        target: 'version:other-version',
        reason: null,
        detail: {},
        at: Date.UTC(2018, 0, 1),
      },
    );
    const status = async (path: string) => (await observer.get<Refusal>(path)).status;
    expect(await status(`${base}/compare`)).toBe(400);
    expect(await status(`${base}/compare?from=`)).toBe(400);
    expect(await status(`${base}/compare?from=not%20an%20id`)).toBe(400);
    expect(await status(`${base}/compare?from=${demoVersion.id}&to=a/b`)).toBe(400);
    expect(await status(`${base}/compare?from=${demoVersion.id}&from=draft`)).toBe(400);
    expect(await status(`${base}/compare?from=nope`)).toBe(404);
    expect(await status(`${base}/compare?from=${demoVersion.id}&to=nope`)).toBe(404);
    expect(await status(`${base}/compare?from=other-version`)).toBe(404);
    expect(await status(`${base}/versions/other-version`)).toBe(404);
    expect(await status(`${base}/versions/nope`)).toBe(404);
    expect(await status(`${base}/versions/not%20an%20id`)).toBe(400);
    expect(await status('/api/consultations/other-2018/versions/other-version')).toBe(200);
    expect(await status('/api/consultations/nowhere/compare?from=draft')).toBe(404);
  });

  it('tells every page of the consultation when a version is published', async () => {
    const page = connectDocument(server.url, chinaCookie, presenceDocumentName(CONSULTATION));
    clients.push(page);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    await publish({ en: 'Announced', zh: '已通知' });
    await eventually(() => events.some((e) => e.type === 'versions.changed'), 'the event to reach the page');
  });
});
