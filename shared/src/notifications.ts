import { z } from 'zod';
import type { PersonRef, ResponseStatus, ThreadKind } from './comments.ts';
import { idSchema, type LocalizedText } from './model.ts';

/**
 * Notifications: what happened that concerns one person, in the app (a list with an unread
 * count, across consultations) and, where the server has SMTP configured, by e-mail (one mail
 * each, or a daily digest, as each person chooses).
 *
 * Who gets what (the server decides; the actor is never notified of their own act):
 * - `thread.reply`: a reply in a thread I started or replied in.
 * - `thread.response`: the secretariat responded to a thread opened by my stakeholder (everyone
 *   of that stakeholder; a person without stakeholder: threads they opened).
 * - `vote.opened`: a vote opened that counts my country (delegates of each member state it counts).
 * - `round.opened`: a consultation round opened (everyone who may read the consultation).
 * - `round.closingSoon`: a round closes within 24 hours (the same people; once per round and closing date).
 *
 * HTTP routes (signed in; 401 otherwise; always the session's own notifications, never another's):
 * - `GET  /api/notifications?limit=50&before=<at>` → `NotificationListResponse`, newest first.
 *   `limit` 1–200 (default 50); `before` (+ `beforeId`): only notifications after that item in
 *   the list's order, time then id (paging).
 * - `POST /api/notifications/read` body `MarkNotificationsReadRequest`
 *   (`{ "ids": [...] }` or `{ "upTo": <at>, "upToId": <id> }`: all up to and including that
 *   item, by time then id) → `MarkNotificationsReadResponse`.
 *   Ids that are not the session's own are ignored (never an error that tells they exist).
 * - `GET  /api/notifications/preferences` → `NotificationPreferencesResponse`.
 * - `PUT  /api/notifications/preferences` body `UpdateNotificationPreferencesRequest` → `NotificationPreferencesResponse`.
 *
 * Realtime: when notifications are created for people, the server sends
 * `{ "type": "notifications.changed", "personIds": [...] }` (see `realtimeEventSchema`) on the
 * presence document of the consultation they are about; a page whose person is listed refetches
 * the list (or just the count). Pages that have no consultation open hear nothing: refetch on
 * window focus and every minute or so as well.
 */

export const NOTIFICATION_KINDS = [
  'thread.reply',
  'thread.response',
  'vote.opened',
  'round.opened',
  'round.closingSoon',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** A thread a notification is about, with the number its clause has now (null if the clause is gone). */
export interface NotificationThreadLink {
  threadId: string;
  clauseId: string;
  clauseNumber: string | null;
  kind: ThreadKind;
}

export interface NotificationVoteLink {
  voteId: string;
  question: LocalizedText;
  /** Null: open until the secretariat closes it. */
  closesAt: number | null;
}

export interface NotificationRoundLink {
  roundId: string;
  title: LocalizedText;
  opensAt: number;
  closesAt: number;
}

/** What the client shows for one notification. */
export interface NotificationView {
  id: string;
  consultationId: string;
  consultationTitle: LocalizedText;
  kind: NotificationKind;
  /** When it happened (server clock, epoch ms). */
  at: number;
  /** Null: unread. */
  readAt: number | null;
  /** Who acted (replied, responded, opened the vote); null for rounds moving on their dates. */
  actor: PersonRef | null;
  /** The actor's delegation or organisation ("Wang Fang (China) replied…"); null: none, or no actor. */
  actorStakeholder: LocalizedText | null;
  /** For `thread.reply` and `thread.response`. */
  thread: NotificationThreadLink | null;
  /** For `vote.opened`. */
  vote: NotificationVoteLink | null;
  /** For `round.opened` and `round.closingSoon`. */
  round: NotificationRoundLink | null;
  /** For `thread.response`: the status given (as it stands now), and the start of the explanation. */
  response: { status: ResponseStatus; excerpt: LocalizedText } | null;
  /**
   * For `thread.reply`: the start of the reply (at most 200 characters), as this reader may see
   * it now: null when it was withdrawn or hidden (hidden comments' words reach only the
   * secretariat), so a notification never shows what the thread would not.
   */
  excerpt: string | null;
  /**
   * Where it leads in the app, path only (e.g. `/consultations/c/votes#vote-v1`,
   * `/consultations/c#thread-t1`, `/consultations/c/rounds`): the same link the e-mails carry.
   */
  path: string;
}

export interface NotificationListResponse {
  items: NotificationView[];
  /** Unread notifications of this person in all (not only those in `items`). */
  unreadCount: number;
  /** More, older items exist: ask again with `before` = the last item's `at` and `beforeId` = its id. */
  hasMore: boolean;
  serverNow: number;
}

export const listNotificationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
  /**
   * With `before`: the last item's id, so the next page starts right after it even when other
   * notifications share its millisecond (they are ordered by time, then id). Without: strictly
   * older than `before`.
   */
  beforeId: idSchema.optional(),
});
export type ListNotificationsQuery = z.output<typeof listNotificationsQuerySchema>;

/**
 * Mark read: these ids, or every notification up to and including the newest shown, by the
 * list's order (`upTo` its `at`, `upToId` its id: one of the same millisecond not yet shown stays
 * unread). Without `upToId`, everything up to and including `upTo`.
 */
export const markNotificationsReadRequestSchema = z.union([
  z.object({ ids: z.array(idSchema).min(1).max(500) }).strict(),
  z.object({ upTo: z.number().int().nonnegative(), upToId: idSchema.optional() }).strict(),
]);
export type MarkNotificationsReadRequest = z.infer<typeof markNotificationsReadRequestSchema>;

export interface MarkNotificationsReadResponse {
  /** How many this request marked read (already read ones do not count). */
  marked: number;
  unreadCount: number;
}

/** `off`: in the app only; `immediate`: one e-mail per notification; `daily`: one digest a day. */
export const EMAIL_MODES = ['off', 'immediate', 'daily'] as const;
export const emailModeSchema = z.enum(EMAIL_MODES);
export type EmailMode = z.infer<typeof emailModeSchema>;

/** The mode people have until they choose. */
export const DEFAULT_EMAIL_MODE: EmailMode = 'daily';

export interface NotificationPreferencesResponse {
  email: EmailMode;
  /**
   * False when this server sends no e-mail (no SMTP configured): the choice is kept but has no
   * effect until it does; the page says so.
   */
  emailAvailable: boolean;
  /** The hour (UTC, 0–23) daily digests are sent. */
  digestHourUtc: number;
  /** The address mails go to (the person's own). */
  emailAddress: string;
}

export const updateNotificationPreferencesRequestSchema = z.object({ email: emailModeSchema }).strict();
export type UpdateNotificationPreferencesRequest = z.infer<typeof updateNotificationPreferencesRequestSchema>;
