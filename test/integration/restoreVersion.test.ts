import {
  type AuditEntryView,
  type Comparison,
  clauseDocumentName,
  type Language,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type RestoreVersionResponse,
  type VersionSummary,
  type VersionView,
} from '@accord/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText, prependToClause } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const DEMO_TITLE = {
  en: 'Revised draft sent to the Mekong countries, 14 Aug 2017',
  zh: '发送湄公河国家的修订稿（2017年8月14日）',
};

type VersionList = { versions: VersionSummary[] };
type Refusal = { error: { code: string; message: string; reason?: string } };

/** Adds a paragraph at the end of a clause, as Lexical's Yjs binding lays one out: an XmlText with a text node. */
function appendParagraph(doc: Y.Doc, text: string): void {
  const root = doc.get('root', Y.XmlText);
  doc.transact(() => {
    const paragraph = new Y.XmlText();
    root.insertEmbed(root.length, paragraph);
    for (const [key, value] of Object.entries({ __type: 'paragraph', __format: 0, __indent: 0, __dir: null }))
      paragraph.setAttribute(key, value as never);
    const node = new Y.Map<unknown>();
    paragraph.insertEmbed(0, node);
    for (const [key, value] of Object.entries({ __type: 'text', __format: 0, __style: '', __mode: 0, __detail: 0 }))
      node.set(key, value);
    paragraph.insert(1, text);
  });
}

/** The paragraphs (XmlTexts) directly under a clause document's root. */
const paragraphCount = (doc: Y.Doc) =>
  (doc.get('root', Y.XmlText).toDelta() as { insert: unknown }[]).filter((d) => d.insert instanceof Y.XmlText).length;

const changedIds = (comparison: Comparison) =>
  comparison.clauses.filter((c) => c.status !== 'unchanged').map((c) => c.clauseId);

describe('Restoring a version, through the real server', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let laos: Api;
  let tnc: Api;
  let observer: Api;
  let anonymous: Api;
  let laosCookie: string;
  let observerCookie: string;
  let demoVersion: VersionSummary;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    server = await startInProcess();
    const as = async (email: string) => apiClient(server.url, await signIn(server.url, email));
    secretariat = await as('secretariat@lmec.org');
    laosCookie = await signIn(server.url, 'delegate.laos@lmec.org');
    laos = apiClient(server.url, laosCookie);
    tnc = await as('tnc@partners.org');
    observerCookie = await signIn(server.url, 'observer@lmec.org');
    observer = apiClient(server.url, observerCookie);
    anonymous = apiClient(server.url, null);
    const { body } = await observer.get<VersionList>(`${base}/versions`);
    demoVersion = body.versions.at(-1) as VersionSummary;
    expect(demoVersion.title).toEqual(DEMO_TITLE);
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
  const restore = async (versionId: string, who: Api = secretariat) =>
    who.post<RestoreVersionResponse & Refusal>(`${base}/versions/${encodeURIComponent(versionId)}/restore`);
  const restored = async (versionId: string) => {
    const { status, body } = await restore(versionId);
    expect(status, JSON.stringify(body)).toBe(200);
    return body as RestoreVersionResponse;
  };
  const compare = async (from: string, to = 'draft') => {
    const { status, body } = await observer.get<Comparison>(`${base}/compare?from=${from}&to=${to}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };
  const versionOf = async (id: string) => (await observer.get<VersionView>(`${base}/versions/${id}`)).body;
  const textIn = (version: VersionView, clauseId: string, language: Language) =>
    version.framework.clauses.find((c) => c.id === clauseId)?.text[language];
  const versions = async () => (await secretariat.get<VersionList>(`${base}/versions`)).body.versions;
  const audit = async () => (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries;

  it("refuses delegates, partners and observers (403), anonymous (401), unknown or another consultation's versions (404): nothing is written", async () => {
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
    const state = async () => ({
      versions: (await versions()).map((v) => v.id),
      audit: (await audit()).map((e) => e.id),
      changed: changedIds(await compare(demoVersion.id)),
    });
    const before = await state();
    expect(before.changed).toEqual(['review-1', 'pa-3-2']);

    for (const who of [laos, tnc, observer]) {
      const { status, body } = await restore(demoVersion.id, who);
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
    }
    expect((await restore(demoVersion.id, anonymous)).status).toBe(401);
    expect((await restore('no-such-version')).status).toBe(404);
    expect((await restore('other-version')).status).toBe(404);
    expect((await restore('not an id')).status).toBe(400);
    expect((await secretariat.post('/api/consultations/nowhere/versions/other-version/restore')).status).toBe(404);
    expect(await state()).toEqual(before);
  });

  it('restores the demo version: a backup of the draft first, then every differing clause in both languages, live for connected clients, audited', async () => {
    const demo = await versionOf(demoVersion.id);
    const page = connectDocument(server.url, observerCookie, presenceDocumentName(CONSULTATION));
    clients.push(page);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    // An observer reading clause 2.1, whose English the demo's draft changed after the version.
    const reader = await open(observerCookie, 'review-1', 'en');
    expect(clausePlainText(reader.doc)).not.toBe(textIn(demo, 'review-1', 'en'));

    const edited = {
      rural: await edit('pa-6-2', 'en', (doc) => appendToClause(doc, ' for rural communities')),
      sharing: await edit('pa-8-2', 'zh', (doc) => prependToClause(doc, '加强')),
      funding: await edit('funding-4', 'en', (doc) => appendParagraph(doc, 'Second paragraph of the draft')),
    };
    expect(edited.funding).toBe(`${textIn(demo, 'funding-4', 'en')}\nSecond paragraph of the draft`);
    const draftBefore = await compare(demoVersion.id);
    const expectedChanged = ['review-1', 'pa-3-2', 'pa-6-2', 'pa-8-2', 'funding-4'];
    expect(changedIds(draftBefore)).toEqual(expectedChanged);
    const auditBefore = (await audit()).length;

    const answer = await restored(demoVersion.id);
    expect(answer.changedClauses).toBe(5);
    expect(answer.restored).toMatchObject({ id: demoVersion.id, title: DEMO_TITLE });
    expect(answer.backup).toMatchObject({
      consultationId: CONSULTATION,
      title: { en: `Draft before restoring «${DEMO_TITLE.en}»`, zh: `恢复「${DEMO_TITLE.zh}」前的草稿` },
      publishedBy: { personId: 'p-secretariat', name: 'Chen Jing' },
      restoredFrom: null,
      clauseCount: 51,
    });

    // The draft reads as the version again, clause by clause, in both languages.
    const after = await compare(demoVersion.id);
    expect(after.summary.changed).toBe(0);
    expect(changedIds(after)).toEqual([]);

    // The reader saw it without doing anything; the writers' clients too.
    await eventually(
      () => clausePlainText(reader.doc) === textIn(demo, 'review-1', 'en'),
      'the reader to see 2.1 restored',
    );
    for (const client of clients.filter((c) => c.provider.configuration.name.includes('funding-4')))
      await eventually(() => clausePlainText(client.doc) === textIn(demo, 'funding-4', 'en'), 'funding-4 restored');
    const fundingReader = await open(observerCookie, 'funding-4', 'en');
    expect(paragraphCount(fundingReader.doc)).toBe(1);

    // The backup holds the draft as it was, edits included; it can itself be compared (and restored).
    const backup = await versionOf(answer.backup.id);
    expect(textIn(backup, 'pa-6-2', 'en')).toBe(edited.rural);
    expect(textIn(backup, 'pa-8-2', 'zh')).toBe(edited.sharing);
    expect(textIn(backup, 'funding-4', 'en')).toBe(edited.funding);
    expect(changedIds(await compare(demoVersion.id, answer.backup.id))).toEqual(expectedChanged);
    expect(changedIds(await compare(answer.backup.id))).toEqual(expectedChanged);
    // The new draft as it starts is a version marked restored from the demo's: it reads as the
    // demo's, and comparing the backup with it shows exactly what the restore changed.
    expect(answer.result).toMatchObject({
      title: { en: `Restored from «${DEMO_TITLE.en}»`, zh: `恢复自「${DEMO_TITLE.zh}」` },
      restoredFrom: demoVersion.id,
      publishedBy: { personId: 'p-secretariat', name: 'Chen Jing' },
    });
    expect((await versions()).slice(0, 2).map((v) => v.id)).toEqual([answer.result.id, answer.backup.id]);
    expect(changedIds(await compare(demoVersion.id, answer.result.id))).toEqual([]);
    expect(changedIds(await compare(answer.backup.id, answer.result.id))).toEqual(expectedChanged);

    // Three audit entries: the backup's publication, the result's, then the restore with the clauses it replaced.
    const entries = await audit();
    expect(entries.length).toBe(auditBefore + 3);
    const [restoreEntry, resultEntry, publishEntry] = entries;
    expect(publishEntry).toMatchObject({ action: 'version.publish', target: `version:${answer.backup.id}` });
    expect(resultEntry).toMatchObject({ action: 'version.publish', target: `version:${answer.result.id}` });
    expect(restoreEntry).toMatchObject({
      action: 'version.restore',
      actor: { personId: 'p-secretariat' },
      target: `version:${demoVersion.id}`,
      detail: {
        versionId: demoVersion.id,
        title: DEMO_TITLE,
        backupVersionId: answer.backup.id,
        resultVersionId: answer.result.id,
        clausesChanged: [
          { clauseId: 'review-1', number: '2.1', languages: ['en'] },
          { clauseId: 'pa-3-2', number: '5.3.2', languages: ['en', 'zh'] },
          { clauseId: 'pa-6-2', number: expect.any(String), languages: ['en'] },
          { clauseId: 'pa-8-2', number: expect.any(String), languages: ['zh'] },
          { clauseId: 'funding-4', number: expect.any(String), languages: ['en'] },
        ],
      },
    });
    await eventually(() => events.some((e) => e.type === 'versions.changed'), 'pages to hear of the backup');

    // The plain-text copy pages read before their editors sync follows (it is refreshed on store).
    await eventually(async () => {
      const res = await observer.get<{ clauseTexts: Record<string, { en: string; zh: string }> }>(base);
      return res.body.clauseTexts['review-1']?.en === textIn(demo, 'review-1', 'en');
    }, "the consultation's text copy to follow");
  });

  it('restores a multi-paragraph clause as it was, and a draft that already reads as the version changes nothing but is still kept', async () => {
    await edit('pa-9-1', 'en', (doc) => appendParagraph(doc, 'A second paragraph'));
    const withParagraphs = await secretariat.post<VersionSummary>(`${base}/versions`, {
      title: { en: 'Two paragraphs', zh: '两段' },
    });
    expect(withParagraphs.status).toBe(201);
    const version = await versionOf(withParagraphs.body.id);
    const twoParagraphs = textIn(version, 'pa-9-1', 'en') as string;
    expect(twoParagraphs.split('\n')).toHaveLength(2);
    const changed = await edit('pa-9-1', 'en', (doc) => appendToClause(doc, ' (amended)'));
    expect(changed).not.toBe(twoParagraphs);
    const reader = await open(observerCookie, 'pa-9-1', 'en');

    const answer = await restored(version.id);
    expect(answer.changedClauses).toBe(1);
    expect(changedIds(await compare(version.id))).toEqual([]);
    await eventually(() => clausePlainText(reader.doc) === twoParagraphs, 'the reader to see both paragraphs');
    expect(paragraphCount(reader.doc)).toBe(2);

    // Back to the demo's version: one paragraph again.
    expect((await restored(demoVersion.id)).changedClauses).toBe(1);
    await eventually(() => paragraphCount(reader.doc) === 1, 'the reader to see one paragraph');
    expect(changedIds(await compare(demoVersion.id))).toEqual([]);

    // Nothing differs: no text is touched, the draft is still kept as a version, the restore logged.
    const count = (await versions()).length;
    const again = await restored(demoVersion.id);
    expect(again.changedClauses).toBe(0);
    expect((await versions()).length).toBe(count + 2);
    const [entry] = await audit();
    expect(entry).toMatchObject({
      action: 'version.restore',
      detail: { versionId: demoVersion.id, backupVersionId: again.backup.id, clausesChanged: [] },
    });
  });

  it('refuses to restore while the current round is closed (409), writing nothing', async () => {
    const opensAt = Date.now() + 60 * 60 * 1000;
    const created = await secretariat.post<{ round: { id: string } }>(`${base}/rounds`, {
      title: { en: 'Round', zh: '轮次' },
      opensAt,
      closesAt: opensAt + 2 * 60 * 60 * 1000,
      state: 'open',
    });
    expect(created.status).toBe(201);
    expect((await secretariat.patch(`${base}/rounds/${created.body.round.id}`, { state: 'closed' })).status).toBe(200);
    const before = { versions: (await versions()).length, audit: (await audit()).length };
    const { status, body } = await restore(demoVersion.id);
    expect(status).toBe(409);
    expect(body.error.reason).toBe('round_closed');
    expect({ versions: (await versions()).length, audit: (await audit()).length }).toEqual(before);
  });
});

describe('A restore survives the server being killed', () => {
  const running: RunningServer[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const server of running.splice(0)) await server.kill();
  });

  it('keeps the restored texts (in the log before the answer) across kill -9 and a restart', async () => {
    const first = await startServer();
    running.push(first);
    const secretariat = apiClient(first.url, await signIn(first.url, 'secretariat@lmec.org'));
    const { body } = await secretariat.get<VersionList>(`${base}/versions`);
    const demoVersion = body.versions.at(-1) as VersionSummary;
    const answer = await secretariat.post<RestoreVersionResponse>(`${base}/versions/${demoVersion.id}/restore`);
    expect(answer.status).toBe(200);
    expect(answer.body.changedClauses).toBe(2);
    await first.kill();

    const second = await startServer({ dataDir: first.dataDir });
    running.push(second);
    const observerCookie = await signIn(second.url, 'observer@lmec.org');
    const observer = apiClient(second.url, observerCookie);
    const comparison = await observer.get<Comparison>(`${base}/compare?from=${demoVersion.id}&to=draft`);
    expect(comparison.status).toBe(200);
    expect(changedIds(comparison.body)).toEqual([]);
    const version = (await observer.get<VersionView>(`${base}/versions/${demoVersion.id}`)).body;
    const client = connectDocument(second.url, observerCookie, clauseDocumentName(CONSULTATION, 'review-1', 'en'));
    cleanups.push(client.destroy);
    await client.synced;
    expect(clausePlainText(client.doc)).toBe(version.framework.clauses.find((c) => c.id === 'review-1')?.text.en);
    // The backup and the result are there too.
    const list = (await observer.get<VersionList>(`${base}/versions`)).body.versions;
    expect(list.slice(0, 2).map((v) => v.id)).toEqual([answer.body.result.id, answer.body.backup.id]);
  });
});
