import {
  type CompareQuery,
  type CompareSide,
  type Comparison,
  clauseDocumentName,
  compareFrameworks,
  type FrameworkSnapshot,
  LANGUAGES,
  type Language,
  type LocalizedText,
  type Person,
  type publishVersionRequestSchema,
  type RestoreVersionResponse,
  type RoundState,
  type VersionSummary,
  type VersionView,
} from '@accord/shared';
import type { z } from 'zod';
import { peopleById, requireAllowed, requireReadableConsultation } from '../auth/policy.ts';
import type { ClauseDocuments } from '../collab/ClauseDocuments.ts';
import type { CollabContext } from '../collab/context.ts';
import { clausePlainText, replaceClauseText } from '../collab/lexicalText.ts';
import type { Acting, ThreadService } from '../comments/ThreadService.ts';
import { notFound } from '../http/errors.ts';
import type { RealtimeEvents } from '../realtime/RealtimeEvents.ts';
import type { Storage, StoredVersion } from '../storage/Storage.ts';
import { readDraftFramework } from './draft.ts';
import { storedVersion, type VersionSnapshot, versionPublishAudit } from './snapshot.ts';
import { versionSummary, versionView } from './versionViews.ts';

export type PublishVersionInput = z.output<typeof publishVersionRequestSchema>;

export interface VersionServiceDeps {
  storage: Storage;
  documents: ClauseDocuments;
  /** For the threads a version keeps, as anyone on the consultation reads them. */
  threads: ThreadService;
  realtime: RealtimeEvents;
  /** The current round, for the policy's round rules on restoring; absent: no rounds. */
  rounds?: { current(consultationId: string): Promise<{ state: RoundState } | null> };
  now?: () => number;
}

/** A clause whose text a restore replaced, and in which languages (as the audit entry keeps it). */
interface RestoredClause {
  clauseId: string;
  number: string;
  languages: Language[];
  /**
   * Texts edited between the backup and their replacement (so in neither): what was replaced,
   * kept here so that nothing typed is lost. Absent when the backup holds every replaced text.
   */
  editedSinceBackup?: Partial<Record<Language, string>>;
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
 * Restoring a version (`version.restore`, secretariat) publishes the draft as a version first,
 * then sets every clause text that differs back to the version's, through the sync server.
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
    const version = await this.publishDraft(actor.personId, consultationId, input);
    this.deps.realtime.publish(consultationId, { type: 'versions.changed' });
    return versionSummary(version, await peopleById(this.deps.storage));
  }

  /**
   * Starts a new draft from a version: publishes the draft as it stands as a version first ("Draft
   * before restoring «…»", so it can be restored in turn), then replaces the whole text of every
   * clause and language that differs from the version's through Hocuspocus (everyone connected
   * sees it live; each change is in the log before this answers), and writes one `version.restore`
   * audit entry naming the clauses replaced. Clauses that read the same are not touched. The
   * framework's structure never changes, so a clause is found by its id; one missing from either
   * side is left as it is.
   */
  async restore({ person, actor }: Acting, consultationId: string, versionId: string): Promise<RestoreVersionResponse> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    const round = (await this.deps.rounds?.current(consultationId)) ?? null;
    requireAllowed(actor, 'version.restore', { consultationId, round });
    const source = await this.requireVersion(consultationId, versionId);
    const target = (JSON.parse(source.snapshot) as VersionSnapshot).framework;

    const backup = await this.publishDraft(actor.personId, consultationId, {
      title: backupTitle(source.title),
      note: '',
    });

    // The backup's texts are the draft's as it stood just now: what differs is what to replace.
    const draft = (JSON.parse(backup.snapshot) as VersionSnapshot).framework;
    const wanted = new Map(target.clauses.map((clause) => [clause.id, clause.text]));
    const context = collabContextOf(person);
    const restored: RestoredClause[] = [];
    let failure: unknown = null;
    try {
      for (const clause of draft.clauses) {
        const text = wanted.get(clause.id);
        if (text === undefined) continue;
        const languages: Language[] = [];
        const editedSinceBackup: Partial<Record<Language, string>> = {};
        for (const language of LANGUAGES) {
          if (clause.text[language] === text[language]) continue;
          const name = clauseDocumentName(consultationId, clause.id, language);
          // Replaced only if it still differs: an edit since the backup may have made it the same.
          const replaced = await this.deps.documents.change(name, context, (doc) => {
            const before = clausePlainText(doc);
            return replaceClauseText(doc, text[language]) ? before : null;
          });
          if (replaced === null) continue;
          languages.push(language);
          if (replaced !== clause.text[language]) editedSinceBackup[language] = replaced;
        }
        if (languages.length > 0)
          restored.push({
            clauseId: clause.id,
            number: clause.number,
            languages,
            ...(Object.keys(editedSinceBackup).length > 0 ? { editedSinceBackup } : {}),
          });
      }
    } catch (error) {
      failure = error;
    }

    // The new draft as it starts, recorded as a version marked restored from the source: the
    // versions list shows the restore, and comparing it with the backup shows what it changed.
    const result =
      failure === null
        ? await this.publishDraft(
            actor.personId,
            consultationId,
            { title: restoredTitle(source.title), note: '' },
            source.id,
          )
        : null;

    // Written whatever happened: the texts replaced so far are replaced (each is in the log).
    await this.deps.storage.appendAudit({
      consultationId,
      actorId: actor.personId,
      action: 'version.restore',
      target: `version:${source.id}`,
      reason: null,
      detail: {
        versionId: source.id,
        title: { en: source.title.en, zh: source.title.zh },
        backupVersionId: backup.id,
        resultVersionId: result?.id ?? null,
        clausesChanged: restored,
        ...(failure === null ? {} : { incomplete: true }),
      },
      at: this.now(),
    });
    this.deps.realtime.publish(consultationId, { type: 'versions.changed' });
    if (failure !== null || result === null) throw failure;
    const people = await peopleById(this.deps.storage);
    return {
      backup: versionSummary(backup, people),
      restored: versionSummary(source, people),
      result: versionSummary(result, people),
      changedClauses: restored.length,
    };
  }

  /** Publishes the live draft as a version, with its `version.publish` audit entry (one transaction). */
  private async publishDraft(
    publishedById: string,
    consultationId: string,
    input: PublishVersionInput,
    restoredFrom: string | null = null,
  ): Promise<StoredVersion> {
    const at = this.now();
    const [framework, threads] = await Promise.all([
      this.draftFramework(consultationId),
      this.deps.threads.publicThreadViews(consultationId),
    ]);
    const version = storedVersion(
      { consultationId, title: input.title, note: input.note, publishedById, publishedAt: at, restoredFrom },
      { framework, threads },
    );
    await this.deps.storage.createVersion(version, versionPublishAudit(version));
    return version;
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
  private draftFramework(consultationId: string): Promise<FrameworkSnapshot> {
    return readDraftFramework(this.deps.storage, this.deps.documents, consultationId);
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
}

/** The backup's title: "Draft before restoring «…»", in each language (the other's title if one is empty). */
function restoredTitle(title: LocalizedText): LocalizedText {
  const en = title.en || title.zh;
  const zh = title.zh || title.en;
  return { en: `Restored from «${en}»`, zh: `恢复自「${zh}」` };
}

function backupTitle(title: LocalizedText): LocalizedText {
  const en = title.en || title.zh;
  const zh = title.zh || title.en;
  return { en: `Draft before restoring «${en}»`, zh: `恢复「${zh}」前的草稿` };
}

/** Who the sync server sees making the change: the person restoring (as applying a wording does). */
function collabContextOf(person: Person): CollabContext {
  return {
    person,
    presence: {
      personId: person.id,
      name: person.name,
      role: person.role,
      stakeholderId: person.stakeholderId,
      stakeholderName: null,
    },
    session: { revoked: false },
  };
}
