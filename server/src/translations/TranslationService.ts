import {
  type ConfirmTranslationRequest,
  clauseDocumentName,
  clausePlainText,
  type LocalizedText,
  type RoundState,
  type TranslationBaseline,
  type TranslationStatus,
  type TranslationStatusResponse,
  translationStatus,
} from '@accord/shared';
import { peopleById, requireAllowed, requireReadableConsultation } from '../auth/policy.ts';
import type { ClauseDocuments } from '../collab/ClauseDocuments.ts';
import type { Acting } from '../comments/ThreadService.ts';
import { type PeopleById, personRef } from '../comments/threadViews.ts';
import { notFound } from '../http/errors.ts';
import type { RealtimeEvents } from '../realtime/RealtimeEvents.ts';
import type { Storage, TranslationConfirmationRecord } from '../storage/Storage.ts';
import { LatestVersions, readDraftFramework } from '../versions/draft.ts';

export interface TranslationServiceDeps {
  storage: Storage;
  documents: ClauseDocuments;
  realtime: RealtimeEvents;
  /** The current round, for the policy's round rules (absent: no rounds). */
  rounds?: { current(consultationId: string): Promise<{ state: RoundState } | null> };
  now?: () => number;
}

/**
 * "Translation out of date": whether each clause's two languages are still in line. A clause's
 * baseline is the pair of texts last confirmed in line (`translation_confirmations`), or for a
 * clause never confirmed, its texts in the latest published version; the rule itself is the
 * pure `translationStatus()` of `shared/`. Reading is `consultation.read`; confirming is
 * `translation.confirm` (secretariat, delegates), audited, and pushed to every page.
 */
export class TranslationService {
  private readonly now: () => number;

  /** Never-confirmed clauses count from the latest version: its texts parsed once, not per status. */
  private readonly latestVersions: LatestVersions;

  constructor(private readonly deps: TranslationServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.latestVersions = new LatestVersions(deps.storage);
  }

  /**
   * Every clause's status, or only those of `clauseIds` (in reading order either way; ids the
   * framework does not have are left out): a page told that some clauses changed reads two
   * documents per clause instead of the whole draft.
   */
  async status(
    { actor }: Acting,
    consultationId: string,
    clauseIds?: readonly string[],
  ): Promise<TranslationStatusResponse> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    return this.statusesOf(consultationId, clauseIds);
  }

  /**
   * Records that the two texts the person saw (`request`) are in line. They need not be the
   * texts of this instant: if someone changed one language meanwhile, the clause shows that
   * change as out of date at once, which is the truth.
   */
  async confirm(
    { actor }: Acting,
    consultationId: string,
    clauseId: string,
    request: ConfirmTranslationRequest,
  ): Promise<TranslationStatus> {
    const { storage } = this.deps;
    await requireReadableConsultation(storage, actor, consultationId);
    if (!(await storage.clauseExists(consultationId, clauseId))) throw notFound('Clause');
    const round = (await this.deps.rounds?.current(consultationId)) ?? null;
    requireAllowed(actor, 'translation.confirm', { consultationId, round });

    const [current, confirmations, version, people] = await Promise.all([
      this.currentTexts(consultationId, clauseId),
      this.confirmationsByClause(consultationId),
      this.latestVersions.read(consultationId),
      peopleById(storage),
    ]);
    const before = translationStatus(
      clauseId,
      current,
      baselineOf(confirmations.get(clauseId), version?.clauses.get(clauseId), people),
    );
    const record: TranslationConfirmationRecord = {
      consultationId,
      clauseId,
      en: request.en,
      zh: request.zh,
      confirmedById: actor.personId,
      confirmedAt: this.now(),
    };
    await storage.confirmTranslation(record, {
      consultationId,
      actorId: actor.personId,
      action: 'translation.confirm',
      target: `clause:${clauseId}`,
      reason: null,
      detail: { before: before.state, en: request.en, zh: request.zh },
      at: record.confirmedAt,
    });
    const after = translationStatus(clauseId, current, baselineOf(record, undefined, people));
    this.deps.realtime.publish(consultationId, {
      type: 'translations.changed',
      clauseIds: [clauseId],
      statuses: [after],
    });
    return after;
  }

  /**
   * A clause's text was stored after a change (the sync server's store hook): its status may have
   * changed. It is the same for every reader, so it is computed here once and sent with the event
   * (two documents read), rather than fetched by every page. Should that fail, the event goes
   * without it and pages fetch.
   */
  async clauseTextChanged(consultationId: string, clauseId: string): Promise<void> {
    let statuses: TranslationStatus[] | undefined;
    try {
      statuses = (await this.statusesOf(consultationId, [clauseId])).clauses;
    } catch (error) {
      console.error('computing a translation status failed', error);
    }
    this.deps.realtime.publish(consultationId, {
      type: 'translations.changed',
      clauseIds: [clauseId],
      ...(statuses === undefined ? {} : { statuses }),
    });
  }

  // — helpers —

  /** The statuses of every clause, or of `clauseIds`, in reading order (no permission check). */
  private async statusesOf(consultationId: string, clauseIds?: readonly string[]): Promise<TranslationStatusResponse> {
    const { storage, documents } = this.deps;
    const [draft, confirmations, version, people] = await Promise.all([
      readDraftFramework(storage, documents, consultationId, clauseIds),
      this.confirmationsByClause(consultationId),
      this.latestVersions.read(consultationId),
      peopleById(storage),
    ]);
    const clauses = draft.clauses.map((clause) =>
      translationStatus(
        clause.id,
        clause.text,
        baselineOf(confirmations.get(clause.id), version?.clauses.get(clause.id), people),
      ),
    );
    return {
      clauses,
      version: version && { id: version.id, title: version.title, publishedAt: version.publishedAt },
    };
  }

  private async confirmationsByClause(consultationId: string): Promise<Map<string, TranslationConfirmationRecord>> {
    const list = await this.deps.storage.listTranslationConfirmations(consultationId);
    return new Map(list.map((confirmation) => [confirmation.clauseId, confirmation]));
  }

  private currentTexts(consultationId: string, clauseId: string): Promise<LocalizedText> {
    const en = clauseDocumentName(consultationId, clauseId, 'en');
    const zh = clauseDocumentName(consultationId, clauseId, 'zh');
    return this.deps.documents.read([en, zh], (docs) => {
      const textOf = (name: string) => {
        const doc = docs.get(name);
        return doc ? clausePlainText(doc) : '';
      };
      return { en: textOf(en), zh: textOf(zh) };
    });
  }
}

/** A clause's baseline: its last confirmation, else its texts in the latest version, else none. */
function baselineOf(
  confirmation: TranslationConfirmationRecord | undefined,
  versionTexts: LocalizedText | undefined,
  people: PeopleById,
): TranslationBaseline | null {
  if (confirmation !== undefined) {
    return {
      en: confirmation.en,
      zh: confirmation.zh,
      confirmedAt: confirmation.confirmedAt,
      confirmedBy: personRef(people, confirmation.confirmedById),
    };
  }
  if (versionTexts !== undefined)
    return { en: versionTexts.en, zh: versionTexts.zh, confirmedAt: null, confirmedBy: null };
  return null;
}
