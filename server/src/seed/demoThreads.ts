import { randomUUID } from 'node:crypto';
import {
  anchorPassage,
  clauseDocumentName,
  clausePlainText,
  type Language,
  type LocalizedText,
  type Proposal,
  type ResponseStatus,
  type ReviewStatus,
  type ThreadKind,
} from '@accord/shared';
import * as Y from 'yjs';
import type { Storage, StoredPassage } from '../storage/Storage.ts';
import { DEMO_CONSULTATION } from './demoConsultation.ts';

/**
 * The 2017 comments matrix (shared/seeds/000_*.txt) as threads by their stakeholders, with the
 * secretariat's responses: what the demo's matrix page shows. Proposed wordings are anchored to
 * the passages they target; they are answered but not applied, so the demo can apply them.
 */
interface DemoThread {
  authorId: string;
  clauseId: string;
  kind: ThreadKind;
  body: string;
  passage?: { language: Language; quote: string };
  proposal?: Proposal;
  response?: { status: ResponseStatus; explanation: LocalizedText };
}

const accepted = (en = 'Accepted.', zh = '采纳。') => ({ status: 'accepted' as const, explanation: { en, zh } });
const partially = (en: string, zh: string) => ({ status: 'partially_accepted' as const, explanation: { en, zh } });

export const DEMO_THREADS: DemoThread[] = [
  {
    authorId: 'p-laos',
    clauseId: 'background-1',
    kind: 'proposal',
    body: 'Wording: name the 2030 Agenda in full, with its 17 SDGs.',
    passage: { language: 'en', quote: '2030 Sustainable Development Agenda' },
    proposal: {
      action: 'replace',
      text: '2030 Agenda for Sustainable Development, which includes a set of 17 United Nations Sustainable Development Goals (SDGs)',
    },
    response: accepted(),
  },
  {
    authorId: 'p-laos',
    clauseId: 'review-1',
    kind: 'proposal',
    body: 'Wording (page 2): the pressure is on the environmental condition and its ecosystems.',
    passage: {
      language: 'en',
      quote: 'brought a great pressure to the rich fragile ecological environment for the region',
    },
    proposal: {
      action: 'replace',
      text: 'brought a great pressure to the environmental condition and its ecological systems in the region',
    },
    response: accepted(),
  },
  {
    authorId: 'p-laos',
    clauseId: 'principle-3',
    kind: 'proposal',
    body: 'Cooperative principles: add access and benefit-sharing, on a basis of mutual understanding.',
    passage: { language: 'en', quote: 'sharing and mutual benefit' },
    proposal: { action: 'replace', text: 'access and benefit-sharing on a basis of mutual understanding' },
    response: accepted(),
  },
  {
    authorId: 'p-laos',
    clauseId: 'principle-6',
    kind: 'comment',
    body: 'Use “NGOs” for short throughout the framework.',
    passage: { language: 'en', quote: 'NGOs' },
    response: accepted(),
  },
  {
    authorId: 'p-laos',
    clauseId: 'pa-2-1',
    kind: 'comment',
    body: 'Use “To enhance capacity building through organizing Lancang-Mekong environmental planning and management training programs as well as the leadership skill training for environmental sector” instead of “To organize Lancang-Mekong environmental management personnel comprehensive capacity trainings, improving regional environmental planning and executive capacity”.',
    response: accepted('Accepted: the clause now reads so.', '采纳，条文已按此修改。'),
  },
  {
    authorId: 'p-laos',
    clauseId: 'pa-3-4',
    kind: 'comment',
    body: 'Add: “To apply good governance for the management of natural resources/biodiversity in order to secure the Access and Benefit-Sharing (ABS) as well as promoting Biodiversity-based Product (BBP) project implementation within Lancang-Mekong Countries.”',
    response: accepted(),
  },
  {
    authorId: 'p-laos',
    clauseId: 'pa-4-4',
    kind: 'comment',
    body: 'To promote and strengthen the climate change resilient investment projects in the local communities of the Lancang-Mekong countries. List public awareness as one of the priorities.',
    response: partially(
      'Partially accepted: environmental education and public awareness is now a priority area of its own (5.9).',
      '部分接受：环境教育与公众环境意识单独列为优先领域之一（5.9）。',
    ),
  },
  {
    authorId: 'p-laos',
    clauseId: 'forms-1',
    kind: 'comment',
    body: 'Add in the beginning: “The cooperation and collaboration on environment among Lancang-Mekong countries will be conducted in the form of multilateral cooperation through:”, and add “However, the bilateral cooperation on specific areas between two certain countries may be made when appropriate.”',
    response: accepted(),
  },
  {
    authorId: 'p-tnc',
    clauseId: 'pa-3-2',
    kind: 'comment',
    body: 'Add: 1) terrestrial/freshwater ecosystem protection priority area identification, providing a scientific basis for regional ecosystem management, transboundary nature reserves and ecological corridor construction; 2) integrated watershed planning that takes into account both the development of water resources and ecological protection; 3) endangered species range-wide protection.',
    response: partially('Partially accepted.', '部分接受。'),
  },
  {
    authorId: 'p-ci',
    clauseId: 'pa-3-2',
    kind: 'question',
    body: 'Is there a specific plan for transboundary natural protection areas and ecological corridor construction? This needs a more in-depth biodiversity assessment.',
    response: {
      status: 'noted',
      explanation: {
        en: 'Much work and many projects have been done there. A specific plan will be made after the strategic framework is endorsed.',
        zh: '已开展大量工作和项目。具体计划将在战略框架通过后制定。',
      },
    },
  },
  {
    authorId: 'p-ci',
    clauseId: 'funding-5',
    kind: 'comment',
    body: 'Financial mechanism: suggest adding PES, REDD and impact investment.',
    response: partially('Partially accepted. They are part of what is listed.', '部分接受，已包含在所列内容中。'),
  },
  {
    authorId: 'p-sei',
    clauseId: 'objective-1',
    kind: 'comment',
    body: 'Suggest developing cooperative targets and related activities aligned with the SDGs for each focus area, reassessed regularly throughout the strategy period.',
    response: accepted(
      'Accepted. The priority areas relate to the SDGs; specific targets will be listed later on.',
      '采纳。优先领域与可持续发展目标相关，具体目标将在后续列出。',
    ),
  },
  {
    authorId: 'p-sei',
    clauseId: 'principle-6',
    kind: 'comment',
    body: 'Suggest defining the role of international partners, CSOs, NGOs and the private sector in supporting LMEC and its country partners.',
  },
];

/** Review statuses as the 2017 matrix records them ("Cambodia: no comments", "Myanmar: reviewing"). */
export const DEMO_REVIEW_STATUSES: { stakeholderId: string; byId: string; status: ReviewStatus }[] = [
  { stakeholderId: 'cambodia', byId: 'p-cambodia', status: 'no_comments' },
  { stakeholderId: 'laos', byId: 'p-laos', status: 'submitted' },
  { stakeholderId: 'myanmar', byId: 'p-myanmar', status: 'reviewing' },
  { stakeholderId: 'thailand', byId: 'p-thailand', status: 'no_comments' },
  { stakeholderId: 'tnc', byId: 'p-tnc', status: 'submitted' },
  { stakeholderId: 'ci', byId: 'p-ci', status: 'submitted' },
  { stakeholderId: 'sei', byId: 'p-sei', status: 'reviewing' },
];

const SECRETARIAT = 'p-secretariat';
/** 10 September 2017, the close of the 2017 round; the threads are spread over the days before. */
const ROUND_CLOSED = Date.UTC(2017, 8, 10, 9, 0, 0);

export async function seedDemoThreads(storage: Storage): Promise<void> {
  const consultationId = DEMO_CONSULTATION.id;
  const people = new Map((await storage.listPeople()).map((p) => [p.id, p]));
  let at = Date.UTC(2017, 7, 20, 8, 0, 0);
  for (const demo of DEMO_THREADS) {
    const author = people.get(demo.authorId);
    if (!author) throw new Error(`demo thread author ${demo.authorId} is not seeded`);
    at += 60 * 60 * 1000;
    const passage = demo.passage ? await anchorDemoPassage(storage, consultationId, demo.clauseId, demo.passage) : null;
    const threadId = randomUUID();
    await storage.createThread(
      {
        id: threadId,
        consultationId,
        clauseId: demo.clauseId,
        passage,
        kind: demo.kind,
        proposal: demo.proposal ?? null,
        authorId: author.id,
        stakeholderId: author.stakeholderId,
        status: 'open',
        locked: false,
        duplicateOf: null,
        response: demo.response ? { ...demo.response, byId: SECRETARIAT, at: ROUND_CLOSED + 86_400_000 } : null,
        applied: null,
        createdAt: at,
        updatedAt: demo.response ? ROUND_CLOSED + 86_400_000 : at,
      },
      {
        id: randomUUID(),
        threadId,
        authorId: author.id,
        stakeholderId: author.stakeholderId,
        body: demo.body,
        createdAt: at,
        editedAt: null,
        withdrawnAt: null,
        hidden: null,
      },
    );
  }
  for (const status of DEMO_REVIEW_STATUSES) {
    const record = { consultationId, ...status, at: ROUND_CLOSED - 86_400_000 };
    await storage.setReviewStatus(record, {
      consultationId,
      actorId: status.byId,
      action: 'reviewStatus.set',
      target: `stakeholder:${status.stakeholderId}`,
      reason: null,
      detail: { status: status.status },
      at: record.at,
    });
  }
}

async function anchorDemoPassage(
  storage: Storage,
  consultationId: string,
  clauseId: string,
  passage: { language: Language; quote: string },
): Promise<StoredPassage> {
  const doc = new Y.Doc();
  for (const update of await storage.loadDocumentUpdates(
    clauseDocumentName(consultationId, clauseId, passage.language),
  ))
    Y.applyUpdate(doc, update);
  const start = clausePlainText(doc).indexOf(passage.quote);
  if (start < 0) throw new Error(`demo passage "${passage.quote}" is not in clause ${clauseId}`);
  const anchor = anchorPassage(doc, start, start + passage.quote.length);
  doc.destroy();
  return { ...passage, ...anchor };
}
