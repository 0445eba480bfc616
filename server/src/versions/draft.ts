import { clauseDocumentName, clausePlainText, type FrameworkSnapshot, type LocalizedText } from '@accord/shared';
import type { ClauseDocuments } from '../collab/ClauseDocuments.ts';
import { notFound } from '../http/errors.ts';
import type { Storage } from '../storage/Storage.ts';
import { clauseDocumentNames, frameworkSnapshot, type VersionSnapshot } from './snapshot.ts';

/**
 * The live framework: numbers as now, each clause's text from its live document or the log.
 * One read for all the documents: a framework of 300 clauses is 600 of them. With `onlyClauses`,
 * only those clauses are in the answer (numbered as in the whole framework) and only their
 * documents are read.
 */
export async function readDraftFramework(
  storage: Storage,
  documents: ClauseDocuments,
  consultationId: string,
  onlyClauses?: readonly string[],
): Promise<FrameworkSnapshot> {
  const framework = await storage.getFramework(consultationId);
  if (framework === null) throw notFound('Consultation');
  const wanted = onlyClauses === undefined ? null : new Set(onlyClauses);
  const names =
    wanted === null
      ? clauseDocumentNames(framework)
      : clauseDocumentNames({ ...framework, clauses: framework.clauses.filter((clause) => wanted.has(clause.id)) });
  const snapshot = await documents.read(names, (docs) =>
    frameworkSnapshot(framework, (clauseId, language) => {
      if (wanted !== null && !wanted.has(clauseId)) return '';
      const doc = docs.get(clauseDocumentName(consultationId, clauseId, language));
      return doc ? clausePlainText(doc) : '';
    }),
  );
  if (wanted === null) return snapshot;
  return { ...snapshot, clauses: snapshot.clauses.filter((clause) => wanted.has(clause.id)) };
}

export interface LatestVersionTexts {
  id: string;
  title: LocalizedText;
  publishedAt: number;
  clauses: Map<string, LocalizedText>;
}

/**
 * The latest published version of a consultation with its clause texts by clause id, or null.
 * A version never changes (a trigger refuses updates), so its parsed texts are kept, one per
 * consultation: a later call reads only the list of versions, not the snapshot again (the
 * translation status runs this after every stored clause change).
 */
export class LatestVersions {
  private readonly parsed = new Map<string, LatestVersionTexts>();

  constructor(private readonly storage: Storage) {}

  async read(consultationId: string): Promise<LatestVersionTexts | null> {
    const [latest] = await this.storage.listVersions(consultationId);
    if (latest === undefined) return null;
    const kept = this.parsed.get(consultationId);
    if (kept?.id === latest.id) return kept;
    const stored = await this.storage.getVersion(latest.id);
    if (stored === null) return null;
    const snapshot = JSON.parse(stored.snapshot) as VersionSnapshot;
    const texts: LatestVersionTexts = {
      id: stored.id,
      title: { en: stored.title.en, zh: stored.title.zh },
      publishedAt: stored.publishedAt,
      clauses: clauseTextsOf(snapshot.framework),
    };
    this.parsed.set(consultationId, texts);
    return texts;
  }
}

/**
 * Each clause's texts by clause id. A Map, not an object: ids are opaque, and one named
 * "constructor" or "__proto__" must read and write as any other.
 */
export function clauseTextsOf(framework: FrameworkSnapshot): Map<string, LocalizedText> {
  return new Map(framework.clauses.map((clause) => [clause.id, { en: clause.text.en, zh: clause.text.zh }]));
}
