import type { Storage } from '@accord/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

/** Opens a fresh, empty store; `reopen` opens the same one again (after `close`). */
export interface StorageFactory {
  open(): Promise<Storage>;
  reopen(): Promise<Storage>;
  destroy(): Promise<void>;
}

const framework = {
  consultationId: 'c1',
  sections: [{ id: 's1', parentId: null, position: 0, title: { en: 'Objectives', zh: '合作目标' } }],
  clauses: [
    { id: 'k1', sectionId: 's1', position: 0 },
    { id: 'k2', sectionId: 's1', position: 1 },
  ],
};

const textUpdate = (doc: Y.Doc, text: string): Uint8Array => {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
};
const textOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
};
const merge = (entries: Uint8Array[]) => Y.mergeUpdates(entries);

/**
 * What every Storage must do, run against each implementation (SQLite now, PostgreSQL with
 * scale-out): the same tests, so they cannot drift apart.
 */
export function describeStorageContract(name: string, factory: () => StorageFactory) {
  describe(`Storage contract: ${name}`, () => {
    let f: StorageFactory;
    let storage: Storage;
    beforeEach(async () => {
      f = factory();
      storage = await f.open();
    });
    afterEach(async () => {
      await storage.close().catch(() => {});
      await f.destroy();
    });

    it('keeps stakeholders and people, finding emails case-insensitively', async () => {
      await storage.upsertStakeholder({ id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } });
      await storage.upsertStakeholder({
        id: 'laos',
        kind: 'member_state',
        name: { en: 'Lao PDR', zh: '老挝人民民主共和国' },
      });
      expect(await storage.listStakeholders()).toEqual([
        { id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝人民民主共和国' } },
      ]);
      await storage.createPerson({
        id: 'p1',
        email: 'Delegate@Laos.gov.la',
        name: 'Khamla',
        role: 'delegate',
        stakeholderId: 'laos',
        passwordHash: 'hash',
      });
      expect(await storage.findPersonByEmail('delegate@laos.GOV.la')).toMatchObject({ id: 'p1', passwordHash: 'hash' });
      expect(await storage.getPerson('p1')).toEqual({
        id: 'p1',
        email: 'delegate@laos.gov.la',
        name: 'Khamla',
        role: 'delegate',
        stakeholderId: 'laos',
      });
      expect(await storage.getPerson('nobody')).toBeNull();
      await expect(
        storage.createPerson({
          id: 'p2',
          email: 'delegate@laos.gov.la',
          name: 'Twin',
          role: 'delegate',
          stakeholderId: 'laos',
          passwordHash: 'x',
        }),
      ).rejects.toThrow();
    });

    it('creates a consultation with its framework and first documents atomically', async () => {
      const doc = new Y.Doc();
      await storage.createConsultation({
        consultation: { id: 'c1', title: { en: 'Framework', zh: '框架' } },
        framework,
        documents: new Map([
          ['clause/c1/k1/en', { update: textUpdate(doc, 'Joint research'), text: 'Joint research' }],
        ]),
      });
      expect(await storage.listConsultations()).toEqual([
        { id: 'c1', title: { en: 'Framework', zh: '框架' }, clauseCount: 2 },
      ]);
      expect(await storage.getFramework('c1')).toEqual(framework);
      expect(await storage.clauseExists('c1', 'k2')).toBe(true);
      expect(await storage.clauseExists('c1', 'k3')).toBe(false);
      expect(await storage.getFramework('c2')).toBeNull();
      expect(textOf(await storage.loadDocumentUpdates('clause/c1/k1/en'))).toBe('Joint research');
      expect(await storage.getDocumentTexts('clause/c1/')).toEqual(new Map([['clause/c1/k1/en', 'Joint research']]));

      // A failing creation leaves nothing behind (same id again).
      await expect(
        storage.createConsultation({
          consultation: { id: 'c1', title: { en: 'x', zh: 'x' } },
          framework,
          documents: new Map(),
        }),
      ).rejects.toThrow();
      expect(await storage.listConsultations()).toHaveLength(1);
    });

    it('replays a document log in order and compacts it without losing an update', async () => {
      const doc = new Y.Doc();
      const name = 'clause/c1/k1/zh';
      for (const word of ['促进', '次区域', '可持续发展'])
        await storage.appendDocumentUpdate(name, textUpdate(doc, word));
      expect(await storage.countDocumentUpdates(name)).toBe(3);
      expect(textOf(await storage.loadDocumentUpdates(name))).toBe('促进次区域可持续发展');

      // An update appended while compaction runs is kept, merged or not.
      const late = textUpdate(doc, '。');
      await storage.compactDocument(name, (entries) => {
        void storage.appendDocumentUpdate(name, late);
        return merge(entries);
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(textOf(await storage.loadDocumentUpdates(name))).toBe('促进次区域可持续发展。');
      expect(await storage.countDocumentUpdates(name)).toBeLessThanOrEqual(2);

      await storage.compactDocument(name, merge);
      expect(await storage.countDocumentUpdates(name)).toBe(1);
      expect(await storage.loadDocumentUpdates('clause/c1/other/en')).toEqual([]);
    });

    it('keeps plain-text copies of documents, listed by name prefix', async () => {
      await storage.setDocumentText('clause/c1/k1/en', 'Joint research');
      await storage.setDocumentText('clause/c1/k1/en', 'Joint research and planning');
      await storage.setDocumentText('clause/c1/k1/zh', '联合研究');
      await storage.setDocumentText('clause/c10/k1/en', 'another consultation');
      await storage.setDocumentText('clause/c1_/k1/en', 'not a prefix match either');
      expect(await storage.getDocumentTexts('clause/c1/')).toEqual(
        new Map([
          ['clause/c1/k1/en', 'Joint research and planning'],
          ['clause/c1/k1/zh', '联合研究'],
        ]),
      );
    });

    it('keeps what it acknowledged when reopened', async () => {
      const doc = new Y.Doc();
      await storage.appendDocumentUpdate('clause/c1/k2/en', textUpdate(doc, 'kept'));
      await storage.setSession('sid-1', { data: '{"passport":{"user":"p1"}}', expiresAt: Date.now() + 60_000 });
      await storage.close();
      storage = await f.reopen();
      expect(textOf(await storage.loadDocumentUpdates('clause/c1/k2/en'))).toBe('kept');
      expect((await storage.getSession('sid-1'))?.data).toBe('{"passport":{"user":"p1"}}');
    });

    it('stores sessions until they expire or are destroyed', async () => {
      const now = Date.now();
      await storage.setSession('a', { data: '{"n":1}', expiresAt: now + 60_000 });
      await storage.setSession('a', { data: '{"n":2}', expiresAt: now + 60_000 });
      await storage.setSession('old', { data: '{}', expiresAt: now - 1 });
      expect(await storage.getSession('a')).toEqual({ data: '{"n":2}', expiresAt: now + 60_000 });
      expect(await storage.getSession('old')).toBeNull();
      await storage.pruneSessions(now);
      await storage.destroySession('a');
      expect(await storage.getSession('a')).toBeNull();
    });
  });
}
