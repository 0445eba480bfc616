import net from 'node:net';
import { type ConsultationResponse, clauseDocumentName, presenceDocumentName } from '@accord/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText, prependToClause } from '../support/clauseText.ts';
import { connectDocument, eventually, signIn } from '../support/clients.ts';

const CONSULTATION = 'lmec-2017';
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const PRINCIPLE_3_EN = clauseDocumentName(CONSULTATION, 'principle-3', 'en');

describe('co-editing through the sync server', () => {
  let server: InProcessApp;
  const cookies: Record<string, string> = {};
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    server = await startInProcess({ maxMessageBytes: 256 * 1024 });
    for (const who of ['delegate.china', 'delegate.laos', 'observer', 'tnc']) {
      cookies[who] = await signIn(
        server.url,
        who.includes('@') ? who : `${who}@${who === 'tnc' ? 'partners' : 'lmec'}.org`,
      );
    }
  });
  afterAll(async () => {
    for (const cleanup of cleanups) cleanup();
    await server.close();
  });

  const open = (who: string, name = PRINCIPLE_3_EN, opts: { origin?: string } = {}) => {
    const client = connectDocument(server.url, cookies[who] ?? null, name, opts);
    cleanups.push(client.destroy);
    return client;
  };

  it('two delegates editing the same clause converge', async () => {
    const china = open('delegate.china');
    const laos = open('delegate.laos');
    await Promise.all([china.synced, laos.synced]);
    const original = clausePlainText(china.doc);
    expect(original).toContain('joint construction, sharing and mutual benefit');

    // Concurrent edits at both ends, before either has seen the other's.
    appendToClause(china.doc, ' [China]');
    prependToClause(laos.doc, '[Lao PDR] ');
    await eventually(
      () => clausePlainText(china.doc) === clausePlainText(laos.doc) && clausePlainText(china.doc).includes('[China]'),
      'both documents to converge',
    );
    const merged = clausePlainText(laos.doc);
    expect(merged.startsWith('[Lao PDR] ')).toBe(true);
    expect(merged.endsWith(' [China]')).toBe(true);
  });

  it('refreshes the plain-text copy of a clause when the document is stored', async () => {
    const name = clauseDocumentName(CONSULTATION, 'funding-5', 'zh');
    const writer = open('delegate.china', name);
    await writer.synced;
    appendToClause(writer.doc, '（待定）');
    await eventually(() => !writer.provider.hasUnsyncedChanges, 'the edit to be saved');
    server.app.hocuspocus.flushPendingStores();
    const texts = async () => {
      const res = await fetch(`${server.url}/api/consultations/${CONSULTATION}`, {
        headers: { cookie: cookies.observer! },
      });
      return ((await res.json()) as ConsultationResponse).clauseTexts['funding-5']?.zh;
    };
    await eventually(async () => (await texts()) === '其他（待定）', 'the copy to follow the edit');
  });

  it("refuses a writer's update that editors could not show, and keeps the clause as it was", async () => {
    const name = clauseDocumentName(CONSULTATION, 'pa-9-3', 'en');
    const writer = open('delegate.china', name);
    const reader = open('delegate.laos', name);
    await Promise.all([writer.synced, reader.synced]);
    const before = clausePlainText(reader.doc);
    const storedBefore = await server.storage.loadDocumentUpdates(name);
    const warn = console.warn;
    console.warn = () => {};
    try {
      // A modified client inserts a node type no editor registers.
      const block = new Y.XmlText();
      writer.doc.get('root', Y.XmlText).insertEmbed(1, block);
      block.setAttribute('__type', 'bogus');
      await settle();
    } finally {
      console.warn = warn;
    }
    expect(writer.provider.hasUnsyncedChanges).toBe(true);
    const after = await server.storage.loadDocumentUpdates(name);
    expect(after).toEqual(storedBefore);
    const later = open('observer', name);
    await later.synced;
    expect(clausePlainText(later.doc)).toBe(before);
    expect((later.doc.get('root', Y.XmlText).toDelta() as unknown[]).length).toBe(1);
  });

  it("refuses an observer's update and keeps the stored document unchanged", async () => {
    const name = clauseDocumentName(CONSULTATION, 'objective-1', 'en');
    const observer = open('observer', name);
    await observer.synced;
    const before = clausePlainText(observer.doc);
    const storedBefore = await server.storage.loadDocumentUpdates(name);

    // A modified client writes anyway.
    appendToClause(observer.doc, ' OBSERVER WAS HERE');
    // The server answers a refused write with a negative sync status: it never counts as saved.
    await settle();
    expect(observer.provider.hasUnsyncedChanges).toBe(true);

    const china = open('delegate.china', name);
    await china.synced;
    expect(clausePlainText(china.doc)).toBe(before);
    expect(await server.storage.loadDocumentUpdates(name)).toEqual(storedBefore);
  });

  it('makes partners read-only on clause text too', async () => {
    const name = clauseDocumentName(CONSULTATION, 'objective-2', 'zh');
    const partner = open('tnc', name);
    await partner.synced;
    appendToClause(partner.doc, '（合作伙伴改写）');
    await settle();
    const reader = open('delegate.laos', name);
    await reader.synced;
    expect(clausePlainText(reader.doc)).not.toContain('合作伙伴改写');
  });

  it('refuses documents that do not exist or are not ours', async () => {
    await expect(
      open('delegate.china', clauseDocumentName(CONSULTATION, 'no-such-clause', 'en')).synced,
    ).rejects.toThrow(/refused/);
    await expect(open('delegate.china', 'clause/other/x/en').synced).rejects.toThrow(/refused/);
    await expect(open('delegate.china', '../../etc/passwd').synced).rejects.toThrow(/refused/);
  });

  const upgradeStatus = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab`, { headers });
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => {
        resolve(101);
        ws.close();
      });
      ws.on('error', () => {});
    });

  it('refuses an upgrade without a session, or from another origin', async () => {
    expect(await upgradeStatus({ origin: server.url })).toBe(401);
    expect(await upgradeStatus({ origin: server.url, cookie: 'accord.sid=s%3Aforged.signature' })).toBe(401);
    expect(await upgradeStatus({ origin: 'https://evil.example', cookie: cookies['delegate.china'] as string })).toBe(
      403,
    );
    expect(await upgradeStatus({ cookie: cookies['delegate.china'] as string })).toBe(403);
    expect(await upgradeStatus({ origin: server.url, cookie: cookies['delegate.china'] as string })).toBe(101);
  });

  it('answers 500 when storage fails during the upgrade, and keeps serving', async () => {
    const getPerson = server.storage.getPerson;
    server.storage.getPerson = () => Promise.reject(new Error('disk on fire'));
    const errors = console.error;
    console.error = () => {};
    try {
      expect(await upgradeStatus({ origin: server.url, cookie: cookies['delegate.china'] as string })).toBe(500);
    } finally {
      server.storage.getPerson = getPerson;
      console.error = errors;
    }
    expect(await upgradeStatus({ origin: server.url, cookie: cookies['delegate.china'] as string })).toBe(101);
  });

  it('survives clients that vanish in the middle of the upgrade', async () => {
    const { port } = new URL(server.url);
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write(
        'GET /collab HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Origin: ${server.url}\r\nCookie: ${cookies['delegate.china']}\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      if (i % 2) socket.destroy();
      else socket.resetAndDestroy();
    }
    const client = open('delegate.china', clauseDocumentName(CONSULTATION, 'funding-2', 'en'));
    await client.synced;
  });

  it('bounds what one socket and one session can open', async () => {
    const cookie = await signIn(server.url, 'delegate.myanmar@lmec.org'); // a session of its own
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab`, { headers: { origin: server.url, cookie } });
    const replies: { key: string; type: number }[] = [];
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const key = decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) === 2) replies.push({ key, type: decoding.readVarUint(decoder) });
    });
    await new Promise((resolve) => ws.on('open', resolve));
    // The same clause three times over, under the session-scoped addresses Hocuspocus accepts.
    for (const copy of ['a', 'b', 'c']) {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, `${PRINCIPLE_3_EN}\0${copy}`);
      encoding.writeVarUint(e, 2); // auth
      encoding.writeVarUint(e, 0); // token
      encoding.writeVarString(e, 'session');
      ws.send(encoding.toUint8Array(e));
    }
    await eventually(() => replies.length === 3, 'three answers');
    const PERMISSION_DENIED = 1;
    expect(replies.filter((r) => r.type === PERMISSION_DENIED)).toHaveLength(1);
    ws.close();

    // A session may hold 20 sockets (tabs); the 21st is refused.
    const sockets = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const s = new WebSocket(`${server.url.replace('http', 'ws')}/collab`, {
              headers: { origin: server.url, cookie },
            });
            s.on('open', () => resolve(s));
            s.on('error', reject);
          }),
      ),
    );
    try {
      expect(await upgradeStatus({ origin: server.url, cookie })).toBe(429);
    } finally {
      await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('close', resolve).close())));
    }
  });

  it('closes a connection that sends an oversized message and keeps serving the others', async () => {
    const bystander = open('delegate.laos', clauseDocumentName(CONSULTATION, 'funding-1', 'en'));
    await bystander.synced;

    const closed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab`, {
        headers: { origin: server.url, cookie: cookies['delegate.china'] as string },
      });
      ws.on('open', () => ws.send(Buffer.alloc(512 * 1024, 1)));
      ws.on('close', (code) => resolve(code));
      ws.on('error', () => {});
    });
    expect(closed).toBe(1009); // "message too big"

    const writer = open('delegate.china', clauseDocumentName(CONSULTATION, 'funding-1', 'en'));
    await writer.synced;
    appendToClause(writer.doc, ' (still serving)');
    await eventually(
      () => clausePlainText(bystander.doc).includes('(still serving)'),
      'the edit to reach the bystander',
    );
  });

  it("refuses awareness states sent for someone else's client, and floods of states", async () => {
    const name = presenceDocumentName(CONSULTATION);
    const victim = open('delegate.laos', name);
    const attacker = open('observer', name);
    const watcher = open('delegate.china', name);
    await Promise.all([victim.synced, attacker.synced, watcher.synced]);
    victim.provider.setAwarenessField('cursor', 'victim');
    const victimId = victim.provider.awareness!.clientID;
    const seenVictim = () => watcher.provider.awareness!.getStates().get(victimId);
    await eventually(() => seenVictim()?.cursor === 'victim', 'the victim to be seen');

    // The attacker's client relays a forged state for the victim's id, with a clock far ahead,
    // and 2,000 made-up states: real protocol bytes from a modified client.
    const forged = attacker.provider.awareness!;
    const fakeIds = Array.from({ length: 2000 }, (_, i) => 1_000_000 + i);
    forged.states.set(victimId, { cursor: 'forged', focusing: true });
    forged.meta.set(victimId, { clock: 1_000_000, lastUpdated: Date.now() });
    for (const id of fakeIds) {
      forged.states.set(id, { cursor: 'fake' });
      forged.meta.set(id, { clock: 5, lastUpdated: Date.now() });
    }
    forged.emit('update', [{ added: fakeIds, updated: [victimId], removed: [] }, 'local']);
    await settle();
    await settle();

    // The victim is untouched, on the others' screens and in its own client.
    expect(seenVictim()).toMatchObject({ cursor: 'victim', name: 'Khamla Phommachanh (Lao PDR)' });
    expect(victim.provider.awareness!.getLocalState()).toMatchObject({ cursor: 'victim' });
    // A connection speaks for one client id: of the 2,000 at most one got through, as the attacker.
    const states = watcher.provider.awareness!.getStates();
    const fakesSeen = fakeIds.filter((id) => states.has(id));
    expect(fakesSeen.length).toBeLessThanOrEqual(1);
    for (const id of fakesSeen) expect(states.get(id)).toMatchObject({ user: { personId: 'p-observer' } });
  });

  it("stamps presence with the session's person, whatever the client claims", async () => {
    const name = presenceDocumentName(CONSULTATION);
    const liar = open('delegate.laos', name);
    const watcher = open('delegate.china', name);
    await Promise.all([liar.synced, watcher.synced]);
    liar.provider.setAwarenessField('user', { personId: 'p-secretariat', name: 'The Secretariat' });
    liar.provider.setAwarenessField('name', 'The Secretariat');

    const laoState = () =>
      [...watcher.provider.awareness!.getStates().values()].find((s) => s.user?.personId === 'p-laos') as
        | { user: { name: string; stakeholderName: string }; name: string }
        | undefined;
    await eventually(() => laoState()?.name === 'Khamla Phommachanh (Lao PDR)', 'the stamped presence to arrive');
    expect(laoState()?.user).toMatchObject({ name: 'Khamla Phommachanh', stakeholderName: 'Lao PDR' });
    const claimsSecretariat = [...watcher.provider.awareness!.getStates().values()].some(
      (s) => s.user?.personId === 'p-secretariat',
    );
    expect(claimsSecretariat).toBe(false);
  });
});

describe('signing out', () => {
  it("ends that session's live sync connections", async () => {
    const server = await startInProcess();
    try {
      const cookie = await signIn(server.url, 'delegate.vietnam@lmec.org');
      const client = connectDocument(server.url, cookie, PRINCIPLE_3_EN);
      await client.synced;
      const closed = new Promise<number>((resolve) =>
        client.socket.on('close', ({ event }: { event: { code: number } }) => resolve(event.code)),
      );
      const res = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie } });
      expect(res.status).toBe(204);
      expect(await closed).toBe(4401);
      client.destroy();
    } finally {
      await server.close();
    }
  });
});
