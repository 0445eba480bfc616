import { randomUUID } from 'node:crypto';
import {
  DEFAULT_EMAIL_MODE,
  type EmailMode,
  type ListNotificationsQuery,
  type MarkNotificationsReadRequest,
  type MarkNotificationsReadResponse,
  type NotificationKind,
  type NotificationListResponse,
  type NotificationPreferencesResponse,
  type Person,
  type Round,
  type UpdateNotificationPreferencesRequest,
} from '@accord/shared';
import { peopleById } from '../auth/policy.ts';
import type { PeopleById } from '../comments/threadViews.ts';
import type { RealtimeEvents } from '../realtime/RealtimeEvents.ts';
import type { MailRecord, NotificationPayload, NotificationRecord, Storage } from '../storage/Storage.ts';
import { digestMail, notificationMail } from './mailContent.ts';
import { NotificationViews } from './notificationViews.ts';
import { replyRecipients, responseRecipients, roundRecipients, voteRecipients } from './recipients.ts';

/** What the other services report, right after their write. */
export type NotifiableEvent =
  | { kind: 'thread.reply'; consultationId: string; threadId: string; commentId: string; actorId: string }
  | { kind: 'thread.response'; consultationId: string; threadId: string; actorId: string; at: number }
  | { kind: 'vote.opened'; consultationId: string; voteId: string; actorId: string };

/** Told of each notable event; never throws (a failure is logged, the write that caused it stands). */
export type Notify = (event: NotifiableEvent) => Promise<void>;

export interface MailSettings {
  /** The app's address as people reach it, for the links in mails (`https://accord.example.org`). */
  publicUrl: string;
  /** The hour (UTC) daily digests go out. */
  digestHourUtc: number;
}

export interface NotificationServiceDeps {
  storage: Storage;
  realtime: RealtimeEvents;
  now?: () => number;
  /** Null: this server sends no e-mail (in-app notifications only; nothing is queued). */
  mail: MailSettings | null;
  /** Told when mails were queued here, so the outbox sends them at once. */
  onMailQueued?: () => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest digest time at or before `now`: today's digest hour, or yesterday's. */
export function latestDigestTime(now: number, digestHourUtc: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS + digestHourUtc * 60 * 60 * 1000;
  return today <= now ? today : today - DAY_MS;
}

/**
 * Notifications: who gets what (`recipients.ts`), written once per person and event (a dedupe
 * key), with the mail of people who want each one (queued in the same transaction), then told to
 * their pages (`notifications.changed`). Lists, unread counts, marks and e-mail preferences of
 * the signed-in person; daily digests for the outbox.
 */
export class NotificationService {
  private readonly now: () => number;

  constructor(private readonly deps: NotificationServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** For the other services (`Notify`): creates the event's notifications; logs, never throws. */
  readonly notify: Notify = async (event) => {
    try {
      await this.handle(event);
    } catch (error) {
      console.error(`notifying of ${event.kind} failed`, error);
    }
  };

  private async handle(event: NotifiableEvent): Promise<void> {
    const { storage } = this.deps;
    const people = await storage.listPeople();
    switch (event.kind) {
      case 'thread.reply': {
        const thread = await storage.getThread(event.threadId);
        if (thread === null) return;
        await this.create(
          event.consultationId,
          event.kind,
          event.actorId,
          replyRecipients(thread, event.actorId, people),
          {
            payload: { threadId: event.threadId, clauseId: thread.thread.clauseId, commentId: event.commentId },
            dedupeKey: `reply:${event.commentId}`,
          },
          people,
        );
        return;
      }
      case 'thread.response': {
        const thread = await storage.getThread(event.threadId);
        if (thread === null) return;
        const recipients = responseRecipients(thread, event.actorId, people);
        await this.create(
          event.consultationId,
          event.kind,
          event.actorId,
          recipients,
          {
            payload: { threadId: event.threadId, clauseId: thread.thread.clauseId },
            dedupeKey: `response:${event.threadId}:${event.at}`,
          },
          people,
        );
        return;
      }
      case 'vote.opened': {
        const vote = await storage.getVote(event.voteId);
        if (vote === null) return;
        await this.create(
          event.consultationId,
          event.kind,
          event.actorId,
          voteRecipients(vote.vote, event.actorId, people),
          {
            payload: { voteId: event.voteId },
            dedupeKey: `vote.opened:${event.voteId}`,
          },
          people,
        );
      }
    }
  }

  /** A round is open for comments (by its date or by the secretariat): everyone on the consultation, once. */
  async roundOpened(round: Round): Promise<void> {
    const people = await this.deps.storage.listPeople();
    await this.create(
      round.consultationId,
      'round.opened',
      null,
      roundRecipients(round.consultationId, people),
      {
        payload: { roundId: round.id },
        dedupeKey: `round.opened:${round.id}`,
      },
      people,
    );
  }

  /** A round closes within a day: everyone on the consultation, once per round and closing date. */
  async roundClosingSoon(round: Round): Promise<void> {
    const people = await this.deps.storage.listPeople();
    await this.create(
      round.consultationId,
      'round.closingSoon',
      null,
      roundRecipients(round.consultationId, people),
      {
        payload: { roundId: round.id, closesAt: round.closesAt },
        dedupeKey: `round.closingSoon:${round.id}:${round.closesAt}`,
      },
      people,
    );
  }

  private async create(
    consultationId: string,
    kind: NotificationKind,
    actorId: string | null,
    recipientIds: string[],
    what: { payload: NotificationPayload; dedupeKey: string },
    /** Everyone, as the caller read them to find the recipients (not read again). */
    everyone: readonly Person[],
  ): Promise<void> {
    if (recipientIds.length === 0) return;
    const { storage, mail } = this.deps;
    const at = this.now();
    const people: PeopleById = new Map(everyone.map((person) => [person.id, person]));
    const preferences = mail ? await storage.listNotificationPreferences() : [];
    const modes = new Map(preferences.map((p) => [p.personId, p.email]));
    const views = new NotificationViews(storage, people);
    const items: { notification: NotificationRecord; mail: MailRecord | null }[] = [];
    for (const personId of recipientIds) {
      const person = people.get(personId);
      if (person === undefined) continue;
      const notification: NotificationRecord = {
        id: randomUUID(),
        personId,
        consultationId,
        kind,
        actorId,
        payload: what.payload,
        createdAt: at,
        readAt: null,
        dedupeKey: what.dedupeKey,
      };
      let queued: MailRecord | null = null;
      if (mail && (modes.get(personId) ?? DEFAULT_EMAIL_MODE) === 'immediate') {
        const view = await views.view(person, notification);
        queued = this.mailRecord(person, [notification.id], notificationMail(person.email, view, mail.publicUrl), at);
      }
      items.push({ notification, mail: queued });
    }
    const written = await storage.addNotifications(items);
    if (written.length === 0) return;
    this.deps.realtime.publish(consultationId, {
      type: 'notifications.changed',
      personIds: [...new Set(written.map((n) => n.personId))],
    });
    if (items.some((i) => i.mail !== null)) this.deps.onMailQueued?.();
  }

  private mailRecord(
    person: Person,
    notificationIds: string[],
    content: { to: string; subject: string; text: string; html: string | null },
    at: number,
  ): MailRecord {
    return {
      id: randomUUID(),
      personId: person.id,
      ...content,
      notificationIds,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      lastError: null,
      createdAt: at,
      sentAt: null,
    };
  }

  // — the signed-in person's own —

  async list(person: Person, query: ListNotificationsQuery): Promise<NotificationListResponse> {
    const { storage } = this.deps;
    const [records, unreadCount, people] = await Promise.all([
      storage.listNotifications(person.id, {
        limit: query.limit + 1,
        before: query.before,
        ...(query.before === undefined || query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
      }),
      storage.countUnreadNotifications(person.id),
      peopleById(storage),
    ]);
    const page = records.slice(0, query.limit);
    return {
      items: await new NotificationViews(storage, people).views(person, page),
      unreadCount,
      hasMore: records.length > query.limit,
      serverNow: this.now(),
    };
  }

  async markRead(person: Person, request: MarkNotificationsReadRequest): Promise<MarkNotificationsReadResponse> {
    const { storage } = this.deps;
    const marked = await storage.markNotificationsRead(person.id, request, this.now());
    return { marked, unreadCount: await storage.countUnreadNotifications(person.id) };
  }

  async preferences(person: Person): Promise<NotificationPreferencesResponse> {
    const stored = await this.deps.storage.getNotificationPreference(person.id);
    return this.preferencesView(person, stored?.email ?? DEFAULT_EMAIL_MODE);
  }

  async setPreferences(
    person: Person,
    request: UpdateNotificationPreferencesRequest,
  ): Promise<NotificationPreferencesResponse> {
    const { storage } = this.deps;
    const stored = await storage.getNotificationPreference(person.id);
    const before = stored?.email ?? DEFAULT_EMAIL_MODE;
    // Becoming daily: the first digest starts now (what came before was mailed, or not wanted).
    const startsDigest = request.email === 'daily' && (stored === null || before !== 'daily');
    await storage.setNotificationPreference(person.id, request.email, startsDigest ? this.now() : undefined);
    return this.preferencesView(person, request.email);
  }

  private preferencesView(person: Person, email: EmailMode): NotificationPreferencesResponse {
    return {
      email,
      emailAvailable: this.deps.mail !== null,
      digestHourUtc: this.deps.mail?.digestHourUtc ?? 0,
      emailAddress: person.email,
    };
  }

  // — daily digests (the outbox runs this) —

  private digestsDoneAt: number | null = null;

  /**
   * Queues the digest of each daily-mode person not yet sent for the latest digest time: every
   * notification since their last digest (their first: the day before), none if there were none.
   * Of several instances, one queues each (`queueDigest` is conditional). Answers when the next
   * digest time is; null without e-mail.
   */
  async queueDueDigests(): Promise<number | null> {
    const { storage, mail } = this.deps;
    if (mail === null) return null;
    const latest = latestDigestTime(this.now(), mail.digestHourUtc);
    const next = latest + DAY_MS;
    if (this.digestsDoneAt === latest) return next;
    const [people, preferences] = await Promise.all([peopleById(storage), storage.listNotificationPreferences()]);
    const stored = new Map(preferences.map((p) => [p.personId, p]));
    const views = new NotificationViews(storage, people);
    let queued = false;
    for (const person of people.values()) {
      const preference = stored.get(person.id);
      if ((preference?.email ?? DEFAULT_EMAIL_MODE) !== 'daily') continue;
      const sentUpTo = preference?.digestSentUpTo ?? null;
      if (sentUpTo !== null && sentUpTo >= latest) continue;
      const records = await storage.listNotificationsBetween(person.id, sentUpTo ?? latest - DAY_MS, latest);
      // Nothing to tell and no digest yet: no row to write either.
      if (records.length === 0 && sentUpTo === null) continue;
      const content =
        records.length === 0
          ? null
          : this.mailRecord(
              person,
              records.map((r) => r.id),
              digestMail(person.email, await views.views(person, records), mail.publicUrl),
              this.now(),
            );
      if ((await storage.queueDigest(person.id, sentUpTo, latest, content)) && content) queued = true;
    }
    this.digestsDoneAt = latest;
    if (queued) this.deps.onMailQueued?.();
    return next;
  }
}
