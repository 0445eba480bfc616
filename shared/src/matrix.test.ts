import { describe, expect, it } from 'vitest';
import type { CommentView, ReviewStatusView, ThreadView } from './comments.ts';
import {
  buildMatrix,
  type MatrixFilters,
  type MatrixInput,
  type MatrixView,
  matrixFiltersSchema,
  RESPONSE_STATUS_LABELS,
  REVIEW_STATUS_LABELS,
} from './matrix.ts';
import type { Framework, Stakeholder } from './model.ts';

// Stored out of order on purpose: the matrix must follow positions, not storage.
const framework: Framework = {
  consultationId: 'c1',
  sections: [
    { id: 'areas', parentId: null, position: 1, title: { en: 'Priority Areas', zh: '优先合作领域' } },
    { id: 'principles', parentId: null, position: 0, title: { en: 'Cooperative Principles', zh: '合作原则' } },
    {
      id: 'biodiversity',
      parentId: 'areas',
      position: 1,
      title: { en: 'Ecosystem Management and Biodiversity Conservation', zh: '生态系统管理与生物多样性保护' },
    },
    { id: 'capacity', parentId: 'areas', position: 0, title: { en: 'Capacity Building', zh: '环境能力建设' } },
  ],
  clauses: [
    { id: 'bio-1', sectionId: 'biodiversity', position: 0 },
    { id: 'principle-2', sectionId: 'principles', position: 1 },
    { id: 'principle-1', sectionId: 'principles', position: 0 },
    { id: 'areas-intro', sectionId: 'areas', position: 0 },
    { id: 'cap-1', sectionId: 'capacity', position: 0 },
  ],
};
// Reading order: 1.1 principle-1, 1.2 principle-2, 2.1 areas-intro, 2.1.1 cap-1, 2.2.1 bio-1.

const stakeholders: Stakeholder[] = [
  { id: 'lmec', kind: 'secretariat', name: { en: 'LMEC Secretariat', zh: '澜湄环境合作中心秘书处' } },
  { id: 'cambodia', kind: 'member_state', name: { en: 'Cambodia', zh: '柬埔寨' } },
  { id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } },
  { id: 'myanmar', kind: 'member_state', name: { en: 'Myanmar', zh: '缅甸' } },
  { id: 'tnc', kind: 'partner', name: { en: 'The Nature Conservancy', zh: '大自然保护协会' } },
];

const person = (stakeholderId: string | null) => ({
  personId: `p-${stakeholderId}`,
  name: `Delegate ${stakeholderId}`,
});

const comment = (overrides: Partial<CommentView> = {}): CommentView => ({
  id: 'k',
  threadId: 't',
  author: person('laos'),
  stakeholderId: 'laos',
  body: 'A comment',
  createdAt: 0,
  editedAt: null,
  withdrawnAt: null,
  hidden: null,
  ...overrides,
});

let clock = 1_000;
function thread(overrides: Partial<ThreadView> & { id: string; clauseId: string }): ThreadView {
  const stakeholderId = overrides.stakeholderId === undefined ? 'laos' : overrides.stakeholderId;
  const createdAt = overrides.createdAt ?? clock++;
  return {
    consultationId: 'c1',
    passage: null,
    kind: 'comment',
    proposal: null,
    author: person(stakeholderId),
    stakeholderId,
    status: 'open',
    locked: false,
    duplicateOf: null,
    comments: [comment({ id: `${overrides.id}-0`, threadId: overrides.id, body: `Comment ${overrides.id}` })],
    response: null,
    applied: null,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

const respond = (status: NonNullable<ThreadView['response']>['status']): ThreadView['response'] => ({
  status,
  explanation: { en: 'Reason', zh: '理由' },
  by: { personId: 'p-sec', name: 'Chen Jing' },
  at: 5_000,
});

const reviewStatuses: ReviewStatusView[] = [
  { stakeholderId: 'cambodia', status: 'no_comments', by: person('cambodia'), at: 1 },
  { stakeholderId: 'myanmar', status: 'reviewing', by: person('myanmar'), at: 1 },
];

const input = (threads: ThreadView[]): MatrixInput => ({ threads, framework, stakeholders, reviewStatuses });

/** "stakeholder: thread ids" per group, the shape most assertions care about. */
const outline = (view: MatrixView) =>
  view.groups.map((g) => `${g.stakeholder?.id ?? '(none)'}: ${g.rows.map((r) => r.threadId).join(' ')}`);

describe('buildMatrix grouping and order', () => {
  const threads = [
    thread({ id: 'laos-bio', clauseId: 'bio-1', createdAt: 10 }),
    thread({ id: 'laos-p2', clauseId: 'principle-2', createdAt: 20 }),
    thread({ id: 'laos-p1-late', clauseId: 'principle-1', createdAt: 40 }),
    thread({ id: 'laos-p1-early', clauseId: 'principle-1', createdAt: 30 }),
    thread({ id: 'laos-cap', clauseId: 'cap-1', createdAt: 5 }),
    thread({ id: 'laos-intro', clauseId: 'areas-intro', createdAt: 50 }),
    thread({ id: 'tnc-bio', clauseId: 'bio-1', stakeholderId: 'tnc' }),
    thread({ id: 'observer', clauseId: 'principle-1', stakeholderId: null, createdAt: 2 }),
    thread({ id: 'ghost', clauseId: 'principle-1', stakeholderId: 'unknown-org', createdAt: 1 }),
  ];

  it('groups by stakeholder in the given order, rows in reading order then by time', () => {
    const view = buildMatrix(input(threads), {});
    expect(outline(view)).toEqual([
      'cambodia: ',
      'laos: laos-p1-early laos-p1-late laos-p2 laos-intro laos-cap laos-bio',
      'myanmar: ',
      'tnc: tnc-bio',
      '(none): ghost observer',
    ]);
    expect(view.rowCount).toBe(threads.length);
  });

  it('numbers clauses and names their section, nested sections included', () => {
    const rows = buildMatrix(input(threads), {}).groups.find((g) => g.stakeholder?.id === 'laos')!.rows;
    expect(rows.map((r) => `${r.clauseNumber} ${r.sectionNumber} ${r.sectionTitle.en}`)).toEqual([
      '1.1 1 Cooperative Principles',
      '1.1 1 Cooperative Principles',
      '1.2 1 Cooperative Principles',
      '2.1 2 Priority Areas',
      '2.1.1 2.1 Capacity Building',
      '2.2.1 2.2 Ecosystem Management and Biodiversity Conservation',
    ]);
    expect(rows[5]?.sectionTitle.zh).toBe('生态系统管理与生物多样性保护');
  });

  it('keeps empty member-state and partner groups with their review status', () => {
    const view = buildMatrix(input([]), {});
    expect(view.groups.map((g) => `${g.stakeholder?.id} ${g.reviewStatus} ${g.rows.length}`)).toEqual([
      'cambodia no_comments 0',
      'laos not_started 0',
      'myanmar reviewing 0',
      'tnc not_started 0',
    ]);
    expect(view.rowCount).toBe(0);
  });

  it("shows the secretariat's group only when it has rows", () => {
    const view = buildMatrix(input([thread({ id: 'sec', clauseId: 'bio-1', stakeholderId: 'lmec' })]), {});
    expect(outline(view)[0]).toBe('lmec: sec');
    expect(buildMatrix(input([]), { stakeholderId: 'lmec' }).groups).toEqual([]);
  });

  it('gives the no-stakeholder group no review status', () => {
    const group = buildMatrix(input(threads), {}).groups.at(-1)!;
    expect(group.stakeholder).toBeNull();
    expect(group.reviewStatus).toBeNull();
  });

  it('puts threads on a clause missing from the outline last, with no number', () => {
    const view = buildMatrix(
      input([thread({ id: 'orphan', clauseId: 'gone', createdAt: 1 }), thread({ id: 'bio', clauseId: 'bio-1' })]),
      {},
    );
    const rows = view.groups.find((g) => g.stakeholder?.id === 'laos')!.rows;
    expect(rows.map((r) => `${r.threadId}:${r.clauseNumber}`)).toEqual(['bio:2.2.1', 'orphan:']);
  });
});

describe('buildMatrix filters', () => {
  const threads = [
    thread({ id: 'p1-comment', clauseId: 'principle-1', response: respond('accepted') }),
    thread({
      id: 'cap-proposal',
      clauseId: 'cap-1',
      kind: 'proposal',
      proposal: { action: 'insert', text: 'leadership training' },
      response: respond('partially_accepted'),
    }),
    thread({ id: 'bio-question', clauseId: 'bio-1', kind: 'question', stakeholderId: 'tnc' }),
    thread({ id: 'intro-comment', clauseId: 'areas-intro', stakeholderId: 'tnc', response: respond('noted') }),
    thread({ id: 'p2-none', clauseId: 'principle-2', stakeholderId: null }),
  ];
  const run = (filters: MatrixFilters) => outline(buildMatrix(input(threads), filters));

  it('stakeholderId: only that stakeholder, its group kept even when empty', () => {
    expect(run({ stakeholderId: 'tnc' })).toEqual(['tnc: intro-comment bio-question']);
    expect(run({ stakeholderId: 'cambodia' })).toEqual(['cambodia: ']);
  });

  it('sectionId: the section and its subsections', () => {
    expect(run({ sectionId: 'areas' })).toEqual(['laos: cap-proposal', 'tnc: intro-comment bio-question']);
    expect(run({ sectionId: 'biodiversity' })).toEqual(['tnc: bio-question']);
    expect(run({ sectionId: 'principles' })).toEqual(['laos: p1-comment', '(none): p2-none']);
    expect(run({ sectionId: 'no-such-section' })).toEqual([]);
  });

  it('kind', () => {
    expect(run({ kind: 'proposal' })).toEqual(['laos: cap-proposal']);
    expect(run({ kind: 'question' })).toEqual(['tnc: bio-question']);
    expect(run({ kind: 'comment' })).toEqual(['laos: p1-comment', 'tnc: intro-comment', '(none): p2-none']);
  });

  it('response, with "none" for threads not answered yet', () => {
    expect(run({ response: 'accepted' })).toEqual(['laos: p1-comment']);
    expect(run({ response: 'partially_accepted' })).toEqual(['laos: cap-proposal']);
    expect(run({ response: 'not_accepted' })).toEqual([]);
    expect(run({ response: 'none' })).toEqual(['tnc: bio-question', '(none): p2-none']);
  });

  it('combines filters', () => {
    expect(run({ stakeholderId: 'tnc', sectionId: 'areas', response: 'none' })).toEqual(['tnc: bio-question']);
    expect(buildMatrix(input(threads), { stakeholderId: 'laos', kind: 'question' }).rowCount).toBe(0);
  });

  it('drops empty groups once a filter other than stakeholder narrows the rows', () => {
    expect(run({ kind: 'proposal' }).some((g) => g.startsWith('cambodia'))).toBe(false);
    expect(run({ stakeholderId: 'cambodia', response: 'none' })).toEqual([]);
  });

  it('parses filters from a query string shape', () => {
    expect(matrixFiltersSchema.parse({ response: 'none', kind: 'proposal' })).toEqual({
      response: 'none',
      kind: 'proposal',
    });
    expect(matrixFiltersSchema.safeParse({ response: 'maybe' }).success).toBe(false);
  });
});

describe('buildMatrix rows', () => {
  const rowOf = (t: ThreadView) => buildMatrix(input([t]), {}).groups.find((g) => g.rows.length)!.rows[0]!;

  it('copies the opening comment, proposal, response, replies and passage', () => {
    const row = rowOf(
      thread({
        id: 't1',
        clauseId: 'principle-1',
        kind: 'proposal',
        passage: {
          language: 'en',
          quote: 'sharing and mutual benefit',
          start: 'AAA',
          end: 'BBB',
          now: { state: 'attached', start: 3, end: 29, text: 'sharing and mutual benefit', by: 'position' },
        },
        proposal: { action: 'replace', text: 'access and benefit-sharing' },
        comments: [
          comment({ id: 'c0', body: 'Use the ABS wording' }),
          comment({ id: 'c1', body: 'Agreed', author: { personId: 'p-sec', name: 'Chen Jing' } }),
          comment({ id: 'c2', body: 'Thanks' }),
        ],
        response: respond('accepted'),
        applied: { by: { personId: 'p-sec', name: 'Chen Jing' }, at: 6_000 },
        status: 'resolved',
        duplicateOf: 'other',
      }),
    );
    expect(row).toMatchObject({
      threadId: 't1',
      stakeholderId: 'laos',
      clauseNumber: '1.1',
      passage: { language: 'en', quote: 'sharing and mutual benefit', detached: false },
      kind: 'proposal',
      comment: 'Use the ABS wording',
      commentState: 'visible',
      authorName: 'Delegate laos',
      proposal: { action: 'replace', text: 'access and benefit-sharing' },
      replyCount: 2,
      response: { status: 'accepted', explanation: { en: 'Reason', zh: '理由' } },
      applied: true,
      vote: null,
      threadStatus: 'resolved',
      duplicateOf: 'other',
    });
  });

  it('marks a passage that was deleted from the text as detached', () => {
    const row = rowOf(
      thread({
        id: 't',
        clauseId: 'bio-1',
        passage: { language: 'zh', quote: '丰富而脆弱', start: 'A', end: 'B', now: { state: 'detached' } },
      }),
    );
    expect(row.passage).toEqual({ language: 'zh', quote: '丰富而脆弱', detached: true });
    expect(row.replyCount).toBe(0);
    expect(row.response).toBeNull();
    expect(row.applied).toBe(false);
  });

  it('withdrawn and hidden opening comments carry no text', () => {
    const withdrawn = rowOf(
      thread({ id: 'w', clauseId: 'bio-1', comments: [comment({ body: null, withdrawnAt: 2_000 })] }),
    );
    expect([withdrawn.commentState, withdrawn.comment]).toEqual(['withdrawn', null]);

    const hidden = { by: { personId: 'p-sec', name: 'Chen Jing' }, at: 3_000, reason: null };
    const hiddenFromReader = rowOf(thread({ id: 'h', clauseId: 'bio-1', comments: [comment({ body: null, hidden })] }));
    expect([hiddenFromReader.commentState, hiddenFromReader.comment]).toEqual(['hidden', null]);

    // The secretariat's view keeps the body of a hidden comment, marked hidden so that exports
    // (which the secretariat circulates) show the placeholder instead.
    const secretariatView = rowOf(
      thread({ id: 's', clauseId: 'bio-1', comments: [comment({ body: 'Rude words', hidden })] }),
    );
    expect([secretariatView.commentState, secretariatView.comment]).toEqual(['hidden', 'Rude words']);
  });
});

describe('export labels', () => {
  it('use the 2017 matrix wording in both languages', () => {
    expect(RESPONSE_STATUS_LABELS.accepted).toEqual({ en: 'Accepted', zh: '采纳' });
    expect(RESPONSE_STATUS_LABELS.partially_accepted).toEqual({ en: 'Partially accepted', zh: '部分接受' });
    expect(REVIEW_STATUS_LABELS.no_comments).toEqual({ en: 'No comments', zh: '无意见' });
  });
});
