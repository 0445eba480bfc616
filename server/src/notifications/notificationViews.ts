import {
  type Actor,
  type Consultation,
  type LocalizedText,
  type NotificationView,
  numberedClauses,
  outlineFramework,
  type Person,
  type Round,
  type Stakeholder,
} from '@accord/shared';
import { type PeopleById, personRef, threadView } from '../comments/threadViews.ts';
import type { NotificationRecord, Storage, ThreadWithComments, VoteWithBallots } from '../storage/Storage.ts';

const EXCERPT_CHARS = 200;

/** The start of a text, on one line, at most `EXCERPT_CHARS` characters. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).trimEnd()}…`;
}

const encode = encodeURIComponent;
/** The app's paths (as client/src/app/router.ts builds them): what the list and the e-mails link to. */
export const notificationPaths = {
  thread: (consultationId: string, threadId: string) =>
    `/consultations/${encode(consultationId)}#thread-${encode(threadId)}`,
  vote: (consultationId: string, voteId: string) =>
    `/consultations/${encode(consultationId)}/votes#vote-${encode(voteId)}`,
  rounds: (consultationId: string) => `/consultations/${encode(consultationId)}/rounds`,
  consultation: (consultationId: string) => `/consultations/${encode(consultationId)}`,
};

/**
 * Makes views of one reader's notifications from the rows as they are now: the clause's number
 * today, the response as it stands, a reply's words only if this reader may read them (the
 * thread view's own redaction: withdrawn or hidden replies give no excerpt, but to the secretariat
 * a hidden one). Each thread, vote, round and framework is read once per call.
 */
export class NotificationViews {
  private readonly consultations = new Map<string, Promise<Consultation | null>>();
  private readonly clauseNumbers = new Map<string, Promise<Map<string, string>>>();
  private readonly threads = new Map<string, Promise<ThreadWithComments | null>>();
  private readonly votes = new Map<string, Promise<VoteWithBallots | null>>();
  private readonly rounds = new Map<string, Promise<Round | null>>();
  private stakeholders: Promise<Map<string, Stakeholder>> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly people: PeopleById,
  ) {}

  /** The name of the actor's stakeholder, if any (stakeholders read once per call). */
  private async stakeholderOf(personId: string | null): Promise<LocalizedText | null> {
    const stakeholderId = personId === null ? null : (this.people.get(personId)?.stakeholderId ?? null);
    if (stakeholderId === null) return null;
    this.stakeholders ??= this.storage.listStakeholders().then((list) => new Map(list.map((s) => [s.id, s])));
    const name = (await this.stakeholders).get(stakeholderId)?.name;
    return name ? { en: name.en, zh: name.zh } : null;
  }

  async views(reader: Person, records: NotificationRecord[]): Promise<NotificationView[]> {
    return Promise.all(records.map((record) => this.view(reader, record)));
  }

  async view(reader: Person, record: NotificationRecord): Promise<NotificationView> {
    const actor: Actor = { personId: reader.id, role: reader.role, stakeholderId: reader.stakeholderId };
    const { consultationId, payload } = record;
    const consultation = await once(this.consultations, consultationId, () =>
      this.storage.getConsultation(consultationId),
    );
    const view: NotificationView = {
      id: record.id,
      consultationId,
      consultationTitle: consultation?.title ?? { en: '', zh: '' },
      kind: record.kind,
      at: record.createdAt,
      readAt: record.readAt,
      actor: record.actorId === null ? null : personRef(this.people, record.actorId),
      actorStakeholder: await this.stakeholderOf(record.actorId),
      thread: null,
      vote: null,
      round: null,
      response: null,
      excerpt: null,
      path: notificationPaths.consultation(consultationId),
    };
    if (payload.threadId !== undefined) {
      const threadId = payload.threadId;
      const found = await once(this.threads, threadId, () => this.storage.getThread(threadId));
      const numbers = await once(this.clauseNumbers, consultationId, () => this.numbers(consultationId));
      if (found !== null) {
        const { thread } = found;
        view.thread = {
          threadId,
          clauseId: thread.clauseId,
          clauseNumber: numbers.get(thread.clauseId) ?? null,
          kind: thread.kind,
        };
        view.path = notificationPaths.thread(consultationId, threadId);
        if (record.kind === 'thread.reply' && payload.commentId !== undefined) {
          const seen = threadView(found, this.people, actor, null);
          const body = seen.comments.find((c) => c.id === payload.commentId)?.body ?? null;
          view.excerpt = body === null ? null : excerptOf(body);
        }
        if (record.kind === 'thread.response' && thread.response !== null) {
          const { en, zh } = thread.response.explanation;
          view.response = { status: thread.response.status, excerpt: { en: excerptOf(en), zh: excerptOf(zh) } };
        }
      }
    }
    if (payload.voteId !== undefined) {
      const voteId = payload.voteId;
      const found = await once(this.votes, voteId, () => this.storage.getVote(voteId));
      if (found !== null) view.vote = { voteId, question: found.vote.question, closesAt: found.vote.closesAt };
      view.path = notificationPaths.vote(consultationId, voteId);
    }
    if (payload.roundId !== undefined) {
      const roundId = payload.roundId;
      const round = await once(this.rounds, roundId, () => this.storage.getRound(roundId));
      if (round !== null)
        view.round = {
          roundId,
          title: round.title,
          opensAt: round.opensAt,
          // What the notification announced: a closing date moved since shows the round page.
          closesAt: payload.closesAt ?? round.closesAt,
        };
      view.path = notificationPaths.rounds(consultationId);
    }
    return view;
  }

  private async numbers(consultationId: string): Promise<Map<string, string>> {
    const framework = await this.storage.getFramework(consultationId);
    if (framework === null) return new Map();
    return new Map(numberedClauses(outlineFramework(framework)).map((c) => [c.id, c.number]));
  }
}

function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (found === undefined) {
    found = load();
    cache.set(key, found);
  }
  return found;
}
