import {
  type AuditEntryView,
  clauseDocumentName,
  type Language,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type TranslationStatus,
  type TranslationStatusResponse,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
/** Clause 6.1 ("Forms of cooperation"): nothing else in the demo touches it. */
const EDITED = 'forms-1';

type Refusal = { error: { code: string; message: string; reason?: string } };

const statusOf = (response: TranslationStatusResponse, clauseId: string) =>
  response.clauses.find((clause) => clause.clauseId === clauseId) as TranslationStatus;
const inserted = (status: TranslationStatus) =>
  (status.change?.parts ?? [])
    .filter((part) => part.op === 'insert')
    .map((part) => part.text)
    .join('|');

describe('Translation out of date, through the real server', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let china: Api;
  let tnc: Api;
  let observer: Api;
  let anonymous: Api;
  let thailandCookie: string;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    server = await startInProcess();
    const as = async (email: string) => apiClient(server.url, await signIn(server.url, email));
    secretariat = await as('secretariat@lmec.org');
    china = await as('delegate.china@lmec.org');
    tnc = await as('tnc@partners.org');
    observer = await as('observer@lmec.org');
    anonymous = apiClient(server.url, null);
    thailandCookie = await signIn(server.url, 'delegate.thailand@lmec.org');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
  });

  const status = async (who: Api = observer) => {
    const { status: code, body } = await who.get<TranslationStatusResponse>(`${base}/translation-status`);
    expect(code, JSON.stringify(body)).toBe(200);
    return body;
  };
  /** Edits a clause through a real Yjs client, as a delegate in the browser; resolves once saved. */
  const edit = async (clauseId: string, language: Language, change: (doc: Y.Doc) => void) => {
    const client = connectDocument(server.url, thailandCookie, clauseDocumentName(CONSULTATION, clauseId, language));
    clients.push(client);
    await client.synced;
    change(client.doc);
    await eventually(() => !client.provider.hasUnsyncedChanges, `the edit of ${clauseId} (${language}) to be saved`);
    return clausePlainText(client.doc);
  };
  const texts = async (clauseId: string) => {
    const { body } = await observer.get<{ clauseTexts: Record<string, { en: string; zh: string }> }>(base);
    return body.clauseTexts[clauseId] as { en: string; zh: string };
  };
  const audit = async () => (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries;

  it('shows the demo: 2.1 Chinese out of date (Lao PDR’s wording changed the English), 5.3.2 confirmed, the rest in line', async () => {
    const body = await status();
    expect(body.version?.title.en).toBe('Revised draft sent to the Mekong countries, 14 Aug 2017');
    expect(body.clauses).toHaveLength(51);
    const notInLine = body.clauses.filter((clause) => clause.state !== 'in_line');
    expect(notInLine.map((clause) => [clause.clauseId, clause.state])).toEqual([['review-1', 'zh_out_of_date']]);
    const review = statusOf(body, 'review-1');
    expect(review.change?.language).toBe('en');
    expect(inserted(review).length).toBeGreaterThan(0);
    expect(review.confirmedAt).toBeNull();
    const biodiversity = statusOf(body, 'pa-3-2');
    expect(biodiversity).toMatchObject({ state: 'in_line', confirmedBy: { personId: 'p-secretariat' } });
    expect(biodiversity.confirmedAt).toBe(Date.UTC(2017, 8, 13, 6, 0));
  });

  it('marks the other language out of date when one changes through a Yjs client, with the words that changed', async () => {
    const en = await edit(EDITED, 'en', (doc) => appendToClause(doc, ' and shared monitoring'));
    expect(en).toContain('shared monitoring');
    let forms = statusOf(await status(), EDITED);
    expect(forms.state).toBe('zh_out_of_date');
    expect(forms.change?.language).toBe('en');
    expect(inserted(forms)).toContain('shared');
    expect(inserted(forms)).toContain('monitoring');

    await edit(EDITED, 'zh', (doc) => appendToClause(doc, '和联合监测'));
    forms = statusOf(await status(), EDITED);
    expect(forms.state).toBe('both_changed');
  });

  it('lets a delegate confirm the two languages in line: status, audit entry, realtime event', async () => {
    const page = connectDocument(server.url, thailandCookie, presenceDocumentName(CONSULTATION));
    clients.push(page);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });

    // The texts the page shows (the stored copy, at most ~10 s behind the edits).
    await eventually(async () => {
      const shown = await texts(EDITED);
      return shown.en.includes('shared monitoring') && shown.zh.includes('联合监测');
    }, 'the stored texts to catch up');
    const shown = await texts(EDITED);
    const { status: code, body } = await china.put<TranslationStatus>(`${base}/clauses/${EDITED}/translation`, shown);
    expect(code, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ clauseId: EDITED, state: 'in_line', confirmedBy: { personId: 'p-china' } });
    expect(statusOf(await status(), EDITED).state).toBe('in_line');

    const [entry] = await audit();
    expect(entry).toMatchObject({
      action: 'translation.confirm',
      target: `clause:${EDITED}`,
      actor: { personId: 'p-china' },
      detail: { before: 'both_changed', en: shown.en, zh: shown.zh },
    });
    await eventually(
      () => events.some((e) => e.type === 'translations.changed' && e.clauseIds.includes(EDITED)),
      'the event to reach the page',
    );
    // It carries the status as the confirmation answered it: pages need not ask.
    const carried = events.flatMap((e) => (e.type === 'translations.changed' ? [e.statuses] : []));
    expect(carried).toContainEqual([body]);
  });

  it('tells pages when a clause’s stored text changes, and shows a change made after the confirmation', async () => {
    const page = connectDocument(server.url, thailandCookie, presenceDocumentName(CONSULTATION));
    clients.push(page);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    await edit(EDITED, 'zh', (doc) => appendToClause(doc, '（试行）'));
    const forms = statusOf(await status(), EDITED);
    expect(forms).toMatchObject({ state: 'en_out_of_date', change: { language: 'zh' } });
    expect(inserted(forms)).toContain('试');
    // Sent when Hocuspocus stores the document (debounced, up to 10 s), with the status as it
    // then is: the same as every page would fetch.
    await eventually(
      () => events.some((e) => e.type === 'translations.changed' && e.clauseIds.includes(EDITED)),
      'the store to announce the change',
      15_000,
    );
    const carried = events.flatMap((e) => (e.type === 'translations.changed' ? [e.statuses] : []));
    expect(carried).toContainEqual([statusOf(await status(), EDITED)]);
  });

  it('answers only the clauses asked for, in reading order, leaving out unknown ids; refuses bad lists', async () => {
    const all = await status();
    const { status: code, body } = await observer.get<TranslationStatusResponse>(
      `${base}/translation-status?clauseIds=${EDITED},no-such-clause,review-1`,
    );
    expect(code, JSON.stringify(body)).toBe(200);
    expect(body.clauses).toEqual([statusOf(all, 'review-1'), statusOf(all, EDITED)]);
    expect(body.version).toEqual(all.version);
    for (const bad of ['', ',', 'a%20b', Array.from({ length: 201 }, (_, i) => `c${i}`).join(',')]) {
      const refused = await observer.get<Refusal>(`${base}/translation-status?clauseIds=${bad}`);
      expect(refused.status, bad).toBe(400);
    }
  });

  it('refuses partners, observers and anonymous people, unknown clauses and bad bodies, writing nothing', async () => {
    const before = JSON.stringify(await status());
    const auditBefore = (await audit()).length;
    const body = await texts(EDITED);
    for (const who of [tnc, observer]) {
      const refused = await who.put<Refusal>(`${base}/clauses/${EDITED}/translation`, body);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    expect((await anonymous.put<Refusal>(`${base}/clauses/${EDITED}/translation`, body)).status).toBe(401);
    expect((await anonymous.get<Refusal>(`${base}/translation-status`)).status).toBe(401);
    const unknown = await secretariat.put<Refusal>(`${base}/clauses/no-such-clause/translation`, body);
    expect(unknown.status).toBe(404);
    const missing = await secretariat.put<Refusal>(`${base}/clauses/${EDITED}/translation`, { en: body.en });
    expect(missing.status).toBe(400);
    const nul = await secretariat.put<Refusal>(`${base}/clauses/${EDITED}/translation`, { en: 'a\u0000', zh: 'b' });
    expect(nul.status).toBe(400);
    expect(JSON.stringify(await status())).toBe(before);
    expect((await audit()).length).toBe(auditBefore);
  });

  it('refuses confirmations once the round is closed (409), writing nothing', async () => {
    const now = Date.now();
    const created = await secretariat.post<{ id: string }>(`${base}/rounds`, {
      title: { en: 'Closed round', zh: '已结束的轮次' },
      opensAt: now - 60_000,
      closesAt: now + 3_600_000,
      state: 'closed',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const auditBefore = (await audit()).length;
    const refused = await china.put<Refusal>(`${base}/clauses/${EDITED}/translation`, await texts(EDITED));
    expect(refused.status).toBe(409);
    expect(refused.body.error.reason ?? refused.body.error.code).toMatch(/round_closed|conflict/);
    expect(statusOf(await status(), EDITED).state).toBe('en_out_of_date');
    expect((await audit()).length).toBe(auditBefore);
  });
});
