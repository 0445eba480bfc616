import { randomUUID } from 'node:crypto';
import {
  type CompareQuery,
  type CompareSide,
  type Comparison,
  clauseDocumentName,
  clausePlainText,
  compareFrameworks,
  type FrameworkSnapshot,
  type publishVersionRequestSchema,
  type RealtimeEvent,
  type VersionSummary,
  type VersionView,
} from '@accord/shared';
import type { z } from 'zod';
import { peopleById, requireAllowed, requireReadableConsultation } from '../auth/policy.ts';
import type { ClauseDocuments } from '../collab/ClauseDocuments.ts';
import type { Acting, ThreadService } from '../comments/ThreadService.ts';
import { notFound } from '../http/errors.ts';
import type { RealtimeEvents } from '../realtime/RealtimeEvents.ts';
import type { AuditRecord, Storage, StoredVersion } from '../storage/Storage.ts';
import { clauseDocumentNames, frameworkSnapshot, type VersionSnapshot } from './snapshot.ts';
import { versionSummary, versionView } from './versionViews.ts';

export type PublishVersionInput = z.output<typeof publishVersionRequestSchema>;

export interface VersionServiceDeps {
  storage: Storage;
  documents: ClauseDocuments;
  /** For the threads a version keeps, as anyone on the consultation reads them. */
  threads: ThreadService;
  realtime: RealtimeEvents;
  now?: () => number;
}

/** One side of a comparison, resolved: what it shows and the framework it holds. */
interface ResolvedSide {
  side: CompareSide;
  framework: FrameworkSnapshot;
}

/**
 * Published versions of the framework and their comparison. Publishing takes a snapshot of the
 * live draft (every clause's text in both languages, read from the live documents or the log;
 * the threads as anyone could read them) and stores it as JSON text, never changed after.
 * Reading and comparing are `consultation.read`; publishing is `version.publish` (secretariat).
 */
export class VersionService {
  private readonly now: () => number;

  constructor(private readonly deps: VersionServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async list({ actor }: Acting, consultationId: string): Promise<VersionSummary[]> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    const [versions, people] = await Promise.all([
      this.deps.storage.listVersions(consultationId),
      peopleById(this.deps.storage),
    ]);
    return versions.map((version) => versionSummary(version, people));
  }

  async get({ actor }: Acting, consultationId: string, versionId: string): Promise<VersionView> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    const version = await this.requireVersion(consultationId, versionId);
    return versionView(version, await peopleById(this.deps.storage));
  }

  async publish({ actor }: Acting, consultationId: string, input: PublishVersionInput): Promise<VersionSummary> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    requireAllowed(actor, 'version.publish', { consultationId });
    const at = this.now();
    const [framework, threads] = await Promise.all([
      this.draftFramework(consultationId),
      this.deps.threads.publicThreadViews(consultationId),
    ]);
    const snapshot: VersionSnapshot = { framework, threads };
    const text = JSON.stringify(snapshot);
    const version: StoredVersion = {
      id: randomUUID(),
      consultationId,
      title: input.title,
      note: input.note,
      publishedById: actor.personId,
      publishedAt: at,
      restoredFrom: null,
      clauseCount: framework.clauses.length,
      threadCount: threads.length,
      snapshot: text,
      snapshotBytes: Buffer.byteLength(text, 'utf8'),
    };
    const audit: AuditRecord = {
      consultationId,
      actorId: actor.personId,
      action: 'version.publish',
      target: `version:${version.id}`,
      reason: null,
      detail: {
        title: version.title,
        clauseCount: version.clauseCount,
        threadCount: version.threadCount,
        snapshotBytes: version.snapshotBytes,
      },
      at,
    };
    await this.deps.storage.createVersion(version, audit);
    this.publishEvent(consultationId, { type: 'versions.changed' });
    return versionSummary(version, await peopleById(this.deps.storage));
  }

  /**
   * Compares two sides, each a published version or the live draft: the clause-by-clause word
   * diff of `compareFrameworks`, and for each clause whose text changed, the threads whose
   * accepted wording was applied to it between the two sides (by the threads' records now).
   */
  async compare({ actor }: Acting, consultationId: string, query: CompareQuery): Promise<Comparison> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    // Versions first: an unknown one is a 404 before the draft is read at all.
    const versions = new Map<string, ResolvedSide>();
    for (const id of [query.from, query.to]) {
      if (id === 'draft' || versions.has(id)) continue;
      const version = await this.requireVersion(consultationId, id);
      const snapshot = JSON.parse(version.snapshot) as VersionSnapshot;
      versions.set(id, {
        side: { kind: 'version', id, title: version.title, at: version.publishedAt },
        framework: snapshot.framework,
      });
    }
    let draft: ResolvedSide | undefined;
    const resolve = async (id: string): Promise<ResolvedSide> => {
      const version = versions.get(id);
      if (version) return version;
      if (draft === undefined) {
        const at = this.now();
        draft = { side: { kind: 'draft', at }, framework: await this.draftFramework(consultationId) };
      }
      return draft;
    };
    const from = await resolve(query.from);
    const to = await resolve(query.to);

    const comparison = compareFrameworks(from.framework, to.framework);
    const applied = await this.appliedBetween(consultationId, from.side.at, to.side.at);
    for (const clause of comparison.clauses) {
      if (clause.text.en.changed || clause.text.zh.changed) clause.threadIds = applied.get(clause.clauseId) ?? [];
    }
    return { from: from.side, to: to.side, ...comparison };
  }

  // — helpers —

  /** The live framework: numbers as now, each clause's text from its live document or the log. */
  private async draftFramework(consultationId: string): Promise<FrameworkSnapshot> {
    const framework = await this.deps.storage.getFramework(consultationId);
    if (framework === null) throw notFound('Consultation');
    // One read for all the documents: a framework of 300 clauses is 600 of them.
    return this.deps.documents.read(clauseDocumentNames(framework), (docs) =>
      frameworkSnapshot(framework, (clauseId, language) => {
        const doc = docs.get(clauseDocumentName(consultationId, clauseId, language));
        return doc ? clausePlainText(doc) : '';
      }),
    );
  }

  /**
   * Threads whose wording was applied after the older side and up to the newer one (either
   * order), by clause, in the order they were applied.
   */
  private async appliedBetween(consultationId: string, a: number, b: number): Promise<Map<string, string[]>> {
    const [after, upTo] = a <= b ? [a, b] : [b, a];
    const applied = (await this.deps.storage.listThreads(consultationId))
      .map(({ thread }) => thread)
      .filter((thread) => thread.applied !== null && thread.applied.at > after && thread.applied.at <= upTo)
      .sort((x, y) => (x.applied?.at ?? 0) - (y.applied?.at ?? 0));
    const byClause = new Map<string, string[]>();
    for (const thread of applied) byClause.set(thread.clauseId, [...(byClause.get(thread.clauseId) ?? []), thread.id]);
    return byClause;
  }

  private async requireVersion(consultationId: string, versionId: string): Promise<StoredVersion> {
    const found = await this.deps.storage.getVersion(versionId);
    // Another consultation's version does not exist from here.
    if (found === null || found.consultationId !== consultationId) throw notFound('Version');
    return found;
  }

  private publishEvent(consultationId: string, event: RealtimeEvent): void {
    try {
      this.deps.realtime.publish(consultationId, event);
    } catch (error) {
      // The write is done; pages catch up on their next resync.
      console.error('publishing a realtime event failed', error);
    }
  }
}
