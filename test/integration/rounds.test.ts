import {
  type AuditEntryView,
  clauseDocumentName,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type Round,
  type RoundListResponse,
  type ThreadView,
} from '@accord/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

type RoundAnswer = { round: Round; serverNow: number };
type ErrorAnswer = { error: { code: string; reason?: string } };

describe('Consultation rounds, through the real server, on a clock the test moves', () => {
  let server: InProcessApp;
  /** The server's clock: starts at the real time (sessions use the real one), moved by tests. */
  let clock = Date.now();
  let secretariat: Api;
  let china: Api;
  let tnc: Api;
  let observer: Api;
  let anonymous: Api;
  const cookies: Record<string, string> = {};
  const clients: SyncedClient[] = [];
  /** Each new round opens after every earlier one, so it is the current round. */
  let nextOpening = 0;
  let thread: ThreadView;

  beforeAll(async () => {
    server = await startInProcess({ now: () => clock });
    for (const [who, email] of [
      ['secretariat', 'secretariat@lmec.org'],
      ['china', 'delegate.china@lmec.org'],
      ['tnc', 'tnc@partners.org'],
      ['observer', 'observer@lmec.org'],
    ] as const)
      cookies[who] = await signIn(server.url, email);
    secretariat = apiClient(server.url, cookies.secretariat!);
    china = apiClient(server.url, cookies.china!);
    tnc = apiClient(server.url, cookies.tnc!);
    observer = apiClient(server.url, cookies.observer!);
    anonymous = apiClient(server.url, null);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await server?.close();
  });

  const rounds = async (as: Api = observer) => (await as.get<RoundListResponse>(`${base}/rounds`)).body;
  const audit = async () =>
    (await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`)).body.entries.filter((e) =>
      e.action.startsWith('round.'),
    );
  const threadCount = async () =>
    (await observer.get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads.length;
  const commentCount = async () =>
    (await observer.get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads.reduce(
      (n, t) => n + t.comments.length,
      0,
    );

  /** A round in `state`, current from now: opened after every earlier round. */
  async function roundIn(state: 'drafting' | 'open' | 'consolidation' | 'closed'): Promise<Round> {
    nextOpening += 1;
    // Earlier rounds close first: each test has its round alone (and the clock only moves it).
    for (const r of (await rounds()).rounds)
      if (r.state !== 'closed') await secretariat.patch(`${base}/rounds/${r.id}`, { state: 'closed' });
    // Later than every earlier round's (the clock moves by hours at most); the secretariat sets
    // `open` and `consolidation` by hand before that date.
    const opensAt = clock + HOUR + nextOpening * 24 * HOUR;
    const { status, body } = await secretariat.post<RoundAnswer>(`${base}/rounds`, {
      title: { en: `Round ${nextOpening}`, zh: `第${nextOpening}轮` },
      opensAt,
      closesAt: opensAt + 2 * HOUR,
      state: state === 'closed' ? 'open' : state,
    });
    expect(status).toBe(201);
    if (state === 'closed') await secretariat.patch(`${base}/rounds/${body.round.id}`, { state: 'closed' });
    const { current } = await rounds();
    expect(current).toMatchObject({ id: body.round.id, state });
    return body.round;
  }

  const newThread = (as: Api, body = 'On the wording of this principle.') =>
    as.post<ThreadView | ErrorAnswer>(`${base}/threads`, { clauseId: 'principle-2', kind: 'comment', body });
  const reply = (as: Api, body = 'A reply.') =>
    as.post<ThreadView | ErrorAnswer>(`${base}/threads/${thread.id}/replies`, { body });
  const respond = (as: Api) =>
    as.put<ThreadView | ErrorAnswer>(`${base}/threads/${thread.id}/response`, {
      status: 'accepted',
      explanation: { en: 'Taken on board.', zh: '' },
    });

  /** Opens `clause` as `who`, appends `text`, and says whether the server kept it. */
  async function edit(who: 'china' | 'secretariat', clauseId: string, text: string): Promise<boolean> {
    const name = clauseDocumentName(CONSULTATION, clauseId, 'en');
    const client = connectDocument(server.url, cookies[who]!, name);
    clients.push(client);
    await client.synced;
    return editThrough(client, name, text);
  }
  async function editThrough(client: SyncedClient, name: string, text: string): Promise<boolean> {
    const storedBefore = await server.storage.loadDocumentUpdates(name);
    appendToClause(client.doc, text);
    await settle();
    const kept = !client.provider.hasUnsyncedChanges;
    const storedAfter = await server.storage.loadDocumentUpdates(name);
    const reader = connectDocument(server.url, cookies.observer!, name);
    clients.push(reader);
    await reader.synced;
    const seen = clausePlainText(reader.doc).includes(text);
    // Kept: in the log and in everyone's copy; refused: neither.
    expect(seen).toBe(kept);
    if (!kept) expect(storedAfter).toEqual(storedBefore);
    return kept;
  }

  it('without a current round works as before: comments, replies, edits of everyone allowed', async () => {
    expect(await rounds()).toMatchObject({ rounds: [], current: null, serverNow: clock });
    const created = await newThread(china);
    expect(created.status).toBe(201);
    thread = created.body as ThreadView;
    expect((await reply(tnc)).status).toBe(201);
    expect(await edit('china', 'principle-1', ' [no round: China]')).toBe(true);
    expect((await respond(secretariat)).status).toBe(200);
  });

  it('lets only the secretariat manage rounds (401, 403, nothing written), and refuses bad input (400)', async () => {
    const valid = { title: { en: 'First round', zh: '' }, opensAt: clock + HOUR, closesAt: clock + 2 * HOUR };
    expect((await anonymous.post(`${base}/rounds`, valid)).status).toBe(401);
    expect((await anonymous.get(`${base}/rounds`)).status).toBe(401);
    for (const as of [china, tnc, observer]) {
      const refused = await as.post<ErrorAnswer>(`${base}/rounds`, valid);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', reason: 'role' });
    }
    for (const bad of [
      { ...valid, title: { en: '', zh: '' } },
      { ...valid, closesAt: valid.opensAt },
      { ...valid, opensAt: 'tomorrow' },
      { ...valid, state: 'archived' },
      { title: valid.title },
    ]) {
      const refused = await secretariat.post<ErrorAnswer>(`${base}/rounds`, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error.code).toBe('invalid_input');
    }
    expect(await rounds()).toMatchObject({ rounds: [], current: null });
    expect(await audit()).toEqual([]);

    const round = await roundIn('drafting');
    for (const as of [china, tnc, observer, anonymous])
      expect((await as.patch(`${base}/rounds/${round.id}`, { state: 'open' })).status).toBe(
        as === anonymous ? 401 : 403,
      );
    expect((await secretariat.patch(`${base}/rounds/${round.id}`, {})).status).toBe(400);
    expect((await secretariat.patch(`${base}/rounds/${round.id}`, { closesAt: round.opensAt })).status).toBe(400);
    expect((await secretariat.patch(`${base}/rounds/no-such-round`, { state: 'open' })).status).toBe(404);
    expect((await rounds()).current).toMatchObject({ id: round.id, state: 'drafting', title: round.title });
    expect((await audit()).map((e) => e.action)).toEqual(['round.create']);
    const changed = await secretariat.patch<RoundAnswer>(`${base}/rounds/${round.id}`, {
      title: { en: 'Round A', zh: 'A轮' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.round.title).toEqual({ en: 'Round A', zh: 'A轮' });
    expect((await audit())[0]).toMatchObject({
      action: 'round.update',
      target: `round:${round.id}`,
      detail: { before: { title: round.title }, after: { title: { en: 'Round A', zh: 'A轮' } } },
    });
  });

  it('while drafting: delegates edit the text; comments and replies are refused (409), nothing written', async () => {
    await roundIn('drafting');
    expect(await edit('china', 'principle-3', ' [drafting: China]')).toBe(true);
    expect(await edit('secretariat', 'principle-3', ' [drafting: secretariat]')).toBe(true);
    const [threads, comments] = [await threadCount(), await commentCount()];
    for (const attempt of [newThread(china), newThread(tnc), reply(china), newThread(secretariat)]) {
      const { status, body } = await attempt;
      expect(status).toBe(409);
      expect((body as ErrorAnswer).error).toMatchObject({ code: 'conflict', reason: 'round_not_open' });
    }
    expect(await threadCount()).toBe(threads);
    expect(await commentCount()).toBe(comments);
    // The secretariat still responds.
    expect((await respond(secretariat)).status).toBe(200);
  });

  it("while open: comments are taken; a delegate's text update is refused, the secretariat's kept", async () => {
    await roundIn('open');
    const created = await newThread(china, 'Open for comments: ours.');
    expect(created.status).toBe(201);
    expect((await reply(tnc)).status).toBe(201);
    expect(await edit('china', 'objective-1', ' [open: China]')).toBe(false);
    // What pages mirror follows the round too.
    const { body: page } = await china.get<{ capabilities: Record<string, boolean> }>(base);
    expect(page.capabilities).toMatchObject({ 'clause.editText': false, 'thread.comment': true, 'vote.cast': true });
    expect(await edit('secretariat', 'objective-1', ' [open: secretariat]')).toBe(true);
  });

  it('checks each update with the round as it is then, not as it was at connection', async () => {
    const round = await roundIn('drafting');
    const name = clauseDocumentName(CONSULTATION, 'objective-2', 'en');
    const writer = connectDocument(server.url, cookies.china!, name);
    clients.push(writer);
    await writer.synced;
    expect(await editThrough(writer, name, ' [drafting, connected]')).toBe(true);
    // The secretariat opens the round for comments: the same connection can no longer write.
    expect((await secretariat.patch(`${base}/rounds/${round.id}`, { state: 'open' })).status).toBe(200);
    expect(await editThrough(writer, name, ' [open, same connection]')).toBe(false);
  });

  it('in consolidation: only the secretariat responds and comments; a partner reply is refused', async () => {
    await roundIn('consolidation');
    const comments = await commentCount();
    const refused = await reply(tnc);
    expect(refused.status).toBe(409);
    expect((refused.body as ErrorAnswer).error.reason).toBe('round_not_open');
    expect((await newThread(china)).status).toBe(409);
    expect(await commentCount()).toBe(comments);
    expect((await respond(secretariat)).status).toBe(200);
    expect((await reply(secretariat, 'The secretariat consolidates.')).status).toBe(201);
    expect((await respond(china)).status).toBe(403);
    expect(await edit('china', 'objective-3', ' [consolidation: China]')).toBe(false);
    expect(await edit('secretariat', 'objective-3', ' [consolidation: secretariat]')).toBe(true);
  });

  it('closes on its date by the clock: consolidation, one audit entry, an event to the pages, comments refused', async () => {
    const round = await roundIn('open');
    const page = connectDocument(server.url, cookies.china!, presenceDocumentName(CONSULTATION));
    clients.push(page);
    await page.synced;
    const events: RealtimeEvent[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) events.push(event);
    });
    const roundEvents = () => events.filter((e) => e.type === 'rounds.changed').length;
    expect((await newThread(tnc, 'Just in time.')).status).toBe(201);

    clock = round.closesAt; // the close date, to the millisecond
    // Reads apply the date at once, whether the clock ran or not.
    expect((await rounds()).current).toMatchObject({ id: round.id, state: 'consolidation' });
    const refused = await newThread(tnc, 'Too late.');
    expect(refused.status).toBe(409);
    expect((refused.body as ErrorAnswer).error.reason).toBe('round_not_open');

    // The clock stores the transition once, however often (or on however many instances) it runs.
    await Promise.all([server.app.roundClock.runOnce(), server.app.roundClock.runOnce()]);
    await server.app.roundClock.runOnce();
    const stored = await server.storage.getRound(round.id);
    expect(stored?.state).toBe('consolidation');
    const transitions = (await audit()).filter(
      (e) => e.action === 'round.transition' && e.target === `round:${round.id}`,
    );
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({
      actor: { personId: 'p-secretariat' },
      reason: 'Moved on its date',
      detail: { from: 'open', to: 'consolidation' },
      at: round.closesAt,
    });
    await eventually(() => roundEvents() === 1, 'the transition to reach the page');
    await settle();
    expect(roundEvents()).toBe(1);
    expect((await reply(china)).status).toBe(409);
    expect((await respond(secretariat)).status).toBe(200);
  });

  it('once closed: everything is refused but reading; votes stay as they were', async () => {
    await roundIn('closed');
    const comments = await commentCount();
    for (const attempt of [newThread(china), newThread(secretariat), reply(tnc), respond(secretariat)]) {
      const { status, body } = await attempt;
      expect(status).toBe(409);
      expect((body as ErrorAnswer).error.reason).toBe('round_closed');
    }
    expect((await secretariat.post(`${base}/threads/${thread.id}/moderation`, { action: 'lock' })).status).toBe(409);
    expect(await commentCount()).toBe(comments);
    expect(await edit('china', 'principle-4', ' [closed: China]')).toBe(false);
    expect(await edit('secretariat', 'principle-4', ' [closed: secretariat]')).toBe(false);
    for (const as of [china, tnc, observer]) {
      expect((await as.get(`${base}/threads`)).status).toBe(200);
      expect((await as.get(`${base}/rounds`)).status).toBe(200);
    }
    expect((await observer.get(`${base}/votes`)).status).toBe(200);
  });
});
