import type { EmailMode, NotificationKind } from '@accord/shared';
import type { Row } from './rows.ts';
import type { MailRecord, MailStatus, NotificationPreferenceRecord, NotificationRecord } from './Storage.ts';

/** Rows of `notifications`, `notification_preferences` and `mail_outbox`, both stores alike. */

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const stringOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const NOTIFICATION_COLUMNS =
  'id, person_id, consultation_id, kind, actor_id, payload, created_at, read_at, dedupe_key';

export function notificationValues(n: NotificationRecord): unknown[] {
  return [
    n.id,
    n.personId,
    n.consultationId,
    n.kind,
    n.actorId,
    JSON.stringify(n.payload),
    n.createdAt,
    n.readAt,
    n.dedupeKey,
  ];
}

export function toNotification(row: Row): NotificationRecord {
  return {
    id: String(row.id),
    personId: String(row.person_id),
    consultationId: String(row.consultation_id),
    kind: String(row.kind) as NotificationKind,
    actorId: stringOrNull(row.actor_id),
    payload: JSON.parse(String(row.payload)) as NotificationRecord['payload'],
    createdAt: Number(row.created_at),
    readAt: numberOrNull(row.read_at),
    dedupeKey: String(row.dedupe_key),
  };
}

export function toNotificationPreference(row: Row): NotificationPreferenceRecord {
  return {
    personId: String(row.person_id),
    email: String(row.email_mode) as EmailMode,
    digestSentUpTo: numberOrNull(row.digest_sent_up_to),
  };
}

export const MAIL_COLUMNS =
  'id, person_id, to_address, subject, text_body, html_body, notification_ids, status, attempts, next_attempt_at, last_error, created_at, sent_at';

export function mailValues(m: MailRecord): unknown[] {
  return [
    m.id,
    m.personId,
    m.to,
    m.subject,
    m.text,
    m.html,
    JSON.stringify(m.notificationIds),
    m.status,
    m.attempts,
    m.nextAttemptAt,
    m.lastError,
    m.createdAt,
    m.sentAt,
  ];
}

export function toMail(row: Row): MailRecord {
  return {
    id: String(row.id),
    personId: String(row.person_id),
    to: String(row.to_address),
    subject: String(row.subject),
    text: String(row.text_body),
    html: stringOrNull(row.html_body),
    notificationIds: JSON.parse(String(row.notification_ids)) as string[],
    status: String(row.status) as MailStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: stringOrNull(row.last_error),
    createdAt: Number(row.created_at),
    sentAt: numberOrNull(row.sent_at),
  };
}

/** Mails in the order they were queued (then by id: deterministic for equal times). */
export const byCreation = (a: MailRecord, b: MailRecord): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
