import { clauseDocumentName, clausePlainText, type FrameworkSnapshot, type LocalizedText } from '@accord/shared';
import type { ClauseDocuments } from '../collab/ClauseDocuments.ts';
import { notFound } from '../http/errors.ts';
import type { Storage } from '../storage/Storage.ts';
import { clauseDocumentNames, frameworkSnapshot, type VersionSnapshot } from './snapshot.ts';

/**
 * The live framework: numbers as now, each clause's text from its live document or the log.
 * One read for all the documents: a framework of 300 clauses is 600 of them.
 */
export async function readDraftFramework(
  storage: Storage,
  documents: ClauseDocuments,
  consultationId: string,
): Promise<FrameworkSnapshot> {
  const framework = await storage.getFramework(consultationId);
  if (framework === null) throw notFound('Consultation');
  return documents.read(clauseDocumentNames(framework), (docs) =>
    frameworkSnapshot(framework, (clauseId, language) => {
      const doc = docs.get(clauseDocumentName(consultationId, clauseId, language));
      return doc ? clausePlainText(doc) : '';
    }),
  );
}

/** The latest published version of a consultation with its clause texts by clause id, or null. */
export async function readLatestVersionTexts(storage: Storage, consultationId: string) {
  const [latest] = await storage.listVersions(consultationId);
  if (latest === undefined) return null;
  const stored = await storage.getVersion(latest.id);
  if (stored === null) return null;
  const snapshot = JSON.parse(stored.snapshot) as VersionSnapshot;
  return {
    id: stored.id,
    title: { en: stored.title.en, zh: stored.title.zh },
    publishedAt: stored.publishedAt,
    clauses: clauseTextsOf(snapshot.framework),
  };
}

/**
 * Each clause's texts by clause id. A Map, not an object: ids are opaque, and one named
 * "constructor" or "__proto__" must read and write as any other.
 */
export function clauseTextsOf(framework: FrameworkSnapshot): Map<string, LocalizedText> {
  return new Map(framework.clauses.map((clause) => [clause.id, { en: clause.text.en, zh: clause.text.zh }]));
}
