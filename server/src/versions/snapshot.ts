import { randomUUID } from 'node:crypto';
import {
  clauseDocumentName,
  type Framework,
  type FrameworkSnapshot,
  LANGUAGES,
  type Language,
  type NumberedSection,
  numberedClauses,
  outlineFramework,
  type SectionSnapshot,
  type ThreadView,
} from '@accord/shared';
import type { AuditRecord, StoredVersion } from '../storage/Storage.ts';

/** What a version stores (as JSON text): the framework and the threads, as they stood. */
export interface VersionSnapshot {
  framework: FrameworkSnapshot;
  threads: ThreadView[];
}

/** The names of every clause document of the framework: one per clause and language. */
export function clauseDocumentNames(framework: Framework): string[] {
  return framework.clauses.flatMap((clause) =>
    LANGUAGES.map((language) => clauseDocumentName(framework.consultationId, clause.id, language)),
  );
}

/**
 * The framework at one moment: sections depth-first and clauses in reading order, each with the
 * number it has now (`outlineFramework`), each clause with its text in both languages from
 * `textOf` (the plain text, as `clausePlainText` reads it). Keys in a fixed order, so the same
 * framework always serialises to the same JSON.
 */
export function frameworkSnapshot(
  framework: Framework,
  textOf: (clauseId: string, language: Language) => string,
): FrameworkSnapshot {
  const outline = outlineFramework(framework);
  const sections: SectionSnapshot[] = [];
  const walk = (list: NumberedSection[]) => {
    for (const section of list) {
      sections.push({
        id: section.id,
        parentId: section.parentId,
        position: section.position,
        number: section.number,
        title: { en: section.title.en, zh: section.title.zh },
      });
      walk(section.children);
    }
  };
  walk(outline);
  const clauses = numberedClauses(outline).map((clause) => ({
    id: clause.id,
    sectionId: clause.sectionId,
    position: clause.position,
    number: clause.number,
    text: { en: textOf(clause.id, 'en'), zh: textOf(clause.id, 'zh') },
  }));
  return { sections, clauses };
}

/** A version as stored: its snapshot as JSON text, with the counts and size lists show. */
export function storedVersion(
  fields: Pick<StoredVersion, 'consultationId' | 'title' | 'note' | 'publishedById' | 'publishedAt' | 'restoredFrom'>,
  snapshot: VersionSnapshot,
): StoredVersion {
  const text = JSON.stringify(snapshot);
  return {
    id: randomUUID(),
    ...fields,
    clauseCount: snapshot.framework.clauses.length,
    threadCount: snapshot.threads.length,
    snapshot: text,
    snapshotBytes: Buffer.byteLength(text, 'utf8'),
  };
}

/** The `version.publish` audit entry of a version, written in the same transaction as it. */
export function versionPublishAudit(version: StoredVersion): AuditRecord {
  return {
    consultationId: version.consultationId,
    actorId: version.publishedById,
    action: 'version.publish',
    target: `version:${version.id}`,
    reason: null,
    detail: {
      title: version.title,
      clauseCount: version.clauseCount,
      threadCount: version.threadCount,
      snapshotBytes: version.snapshotBytes,
    },
    at: version.publishedAt,
  };
}
