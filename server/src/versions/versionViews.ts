import type { VersionSummary, VersionView } from '@accord/shared';
import { type PeopleById, personRef } from '../comments/threadViews.ts';
import type { StoredVersion, VersionRecord } from '../storage/Storage.ts';
import type { VersionSnapshot } from './snapshot.ts';

/** A version as everyone on the consultation sees it: versions are public to all its readers. */
export function versionSummary(version: VersionRecord, people: PeopleById): VersionSummary {
  return {
    id: version.id,
    consultationId: version.consultationId,
    title: { en: version.title.en, zh: version.title.zh },
    note: version.note,
    publishedBy: personRef(people, version.publishedById),
    publishedAt: version.publishedAt,
    restoredFrom: version.restoredFrom,
    clauseCount: version.clauseCount,
    threadCount: version.threadCount,
    snapshotBytes: version.snapshotBytes,
  };
}

/** A version with what it holds, read from its stored snapshot (written once, never changed). */
export function versionView(version: StoredVersion, people: PeopleById): VersionView {
  const snapshot = JSON.parse(version.snapshot) as VersionSnapshot;
  return { ...versionSummary(version, people), framework: snapshot.framework, threads: snapshot.threads };
}
