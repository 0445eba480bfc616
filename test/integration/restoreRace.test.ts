import {
  type AuditEntryView,
  clauseDocumentName,
  type RestoreVersionResponse,
  type VersionSummary,
} from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';

/**
 * Restoring while someone types: an edit that reaches the server after the backup version was
 * written and before its clause is replaced is in neither; the restore's audit entry keeps it
 * (`editedSinceBackup`), so nothing acknowledged is lost. The edit is made exactly there: the
 * test's storage runs it right after the backup version is written.
 */

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const CLAUSE = 'pa-7-1';

describe('Restoring a version while a delegate types', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let typist: SyncedClient;
  /** Run once, right after the next version is written (the restore's backup). */
  let afterNextVersion: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    server = await startInProcess({
      wrapStorage: (storage) =>
        new Proxy(storage, {
          get(target, property, receiver) {
            if (property === 'createVersion')
              return async (...args: Parameters<typeof target.createVersion>) => {
                await target.createVersion(...args);
                const hook = afterNextVersion;
                afterNextVersion = null;
                await hook?.();
              };
            const value = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    });
    secretariat = apiClient(server.url, await signIn(server.url, 'secretariat@lmec.org'));
    const laos = await signIn(server.url, 'delegate.laos@lmec.org');
    typist = connectDocument(server.url, laos, clauseDocumentName(CONSULTATION, CLAUSE, 'en'));
    await typist.synced;
  });
  afterAll(async () => {
    typist?.destroy();
    await server?.close();
  });

  const type = async (text: string) => {
    appendToClause(typist.doc, text);
    await eventually(() => !typist.provider.hasUnsyncedChanges, `“${text}” to be acknowledged`);
  };

  it('keeps an edit made between the backup and the replacement in the audit entry', async () => {
    // The demo's version, then an edit: the clause now differs from the version.
    const { body: list } = await secretariat.get<{ versions: VersionSummary[] }>(`${base}/versions`);
    const version = list.versions.at(-1) as VersionSummary;
    await type(' [before the restore]');
    afterNextVersion = () => type(' [between backup and replacement]');

    const { status, body } = await secretariat.post<RestoreVersionResponse>(`${base}/versions/${version.id}/restore`);
    expect(status, JSON.stringify(body)).toBe(200);

    // The backup has the first edit only; the audit entry has what was replaced, both edits.
    const backup = await secretariat.get<{ framework: { clauses: { id: string; text: { en: string } }[] } }>(
      `${base}/versions/${body.backup.id}`,
    );
    const backupText = backup.body.framework.clauses.find((c) => c.id === CLAUSE)?.text.en ?? '';
    expect(backupText).toContain('[before the restore]');
    expect(backupText).not.toContain('[between backup and replacement]');
    const { body: audit } = await secretariat.get<{ entries: AuditEntryView[] }>(`${base}/audit`);
    const entry = audit.entries.find((e) => e.action === 'version.restore');
    const clauses = (entry?.detail.clausesChanged ?? []) as { clauseId: string; editedSinceBackup?: { en?: string } }[];
    const replaced = clauses.find((c) => c.clauseId === CLAUSE);
    expect(replaced?.editedSinceBackup?.en).toBe(`${backupText} [between backup and replacement]`);
    // Clauses nobody touched meanwhile carry nothing more.
    expect(clauses.filter((c) => c.editedSinceBackup !== undefined).map((c) => c.clauseId)).toEqual([CLAUSE]);
    // And the clause reads as the version again, for the typist too.
    await eventually(() => !clausePlainText(typist.doc).includes('[between'), 'the typist to see the restored text');
  });
});
