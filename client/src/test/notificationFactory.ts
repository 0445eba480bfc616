import type { NotificationView } from '@accord/shared';

/**
 * A notification for tests: an unread reply by Wang Fang (China) in a thread on clause 4.3 of the demo
 * consultation, with whatever `fields` say. For tests only (nothing the app bundles imports it).
 */
export function makeNotification(fields: Partial<NotificationView> & Pick<NotificationView, 'id'>): NotificationView {
  return {
    consultationId: 'lmec-2017',
    consultationTitle: {
      en: 'Lancang-Mekong Environmental Cooperation Strategy',
      zh: '澜湄环境合作战略',
    },
    kind: 'thread.reply',
    at: 1_000,
    readAt: null,
    actor: { personId: 'wang', name: 'Wang Fang' },
    actorStakeholder: { en: 'China', zh: '中国' },
    thread: { threadId: 't1', clauseId: 'c-4-3', clauseNumber: '4.3', kind: 'question' },
    vote: null,
    round: null,
    response: null,
    excerpt: 'We suggest naming the basin.',
    path: '/consultations/lmec-2017#thread-t1',
    ...fields,
  };
}
