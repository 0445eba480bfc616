import {
  APPLICABLE_RESPONSE_STATUSES,
  applyProposal,
  CLAUSE_ROOT,
  clauseDocumentName,
  clausePlainText,
  type LocalizedText,
  resolveAnchor,
} from '@accord/shared';
import * as Y from 'yjs';
import type { Storage } from '../storage/Storage.ts';
import {
  clauseDocumentNames,
  frameworkSnapshot,
  storedVersion,
  type VersionSnapshot,
  versionPublishAudit,
} from '../versions/snapshot.ts';
import { DEMO_CONSULTATION } from './demoConsultation.ts';

/**
 * The draft as sent to the Mekong countries on 14 August 2017, published as a version, and the
 * changes made after it, so the demo shows a comparison at once: Lao PDR's accepted wording for
 * 2.1, applied by the secretariat on 12 September, and a delegate's edit of 5.3.2 taking up The
 * Nature Conservancy's comment. Clauses 1.1 and 4.3 keep their 2017 wording: the demo applies
 * those proposals live.
 */
export const DEMO_VERSION = {
  title: {
    en: 'Revised draft sent to the Mekong countries, 14 Aug 2017',
    zh: '发送湄公河国家的修订稿（2017年8月14日）',
  } satisfies LocalizedText,
  note: 'Sent to the member states and partners for comments, due by 10 September 2017.\n请于2017年9月10日前提出意见。',
  publishedAt: Date.UTC(2017, 7, 14, 8, 0),
};

const SECRETARIAT = 'p-secretariat';
/** When the secretariat applied Lao PDR's wording for 2.1, after the round closed on 10 September. */
const LAO_WORDING_APPLIED = Date.UTC(2017, 8, 12, 2, 30);
/** When the secretariat confirmed 5.3.2's two languages in line after the delegate's edit. */
const TRANSLATION_CONFIRMED = Date.UTC(2017, 8, 13, 6, 0);
/** Lao PDR's accepted proposal on clause 2.1 (demoThreads.ts). */
const LAO_THREAD = { authorId: 'p-laos', clauseId: 'review-1' };
/** The delegate's edit of 5.3.2 ("Planning and construction"), as TNC asked in 2017. */
const BIODIVERSITY_EDIT = {
  clauseId: 'pa-3-2',
  text: {
    en: ', including transboundary nature reserves and ecological corridors',
    zh: '，包括跨境自然保护区和生态廊道',
  },
};

/**
 * Publishes the demo version: the seeded texts as the log holds them, no threads yet. Run right
 * after the consultation is created, before its threads.
 */
export async function seedDemoVersion(storage: Storage): Promise<void> {
  const consultationId = DEMO_CONSULTATION.id;
  const framework = await storage.getFramework(consultationId);
  if (framework === null) throw new Error('the demo consultation is not seeded');
  const texts = new Map<string, string>();
  for (const name of clauseDocumentNames(framework)) {
    const doc = await loadDocument(storage, name);
    texts.set(name, clausePlainText(doc));
    doc.destroy();
  }
  const snapshot: VersionSnapshot = {
    framework: frameworkSnapshot(
      framework,
      (clauseId, language) => texts.get(clauseDocumentName(consultationId, clauseId, language)) ?? '',
    ),
    threads: [],
  };
  const version = storedVersion(
    {
      consultationId,
      title: DEMO_VERSION.title,
      note: DEMO_VERSION.note,
      publishedById: SECRETARIAT,
      publishedAt: DEMO_VERSION.publishedAt,
      restoredFrom: null,
    },
    snapshot,
  );
  await storage.createVersion(version, versionPublishAudit(version));
}

/**
 * The draft's changes since the demo version, written as the log would hold them had they been
 * made live: each an update appended to the clause document's log, with its plain text saved.
 * Run after the threads and votes are seeded.
 */
export async function seedDemoLaterChanges(storage: Storage): Promise<void> {
  await applyLaoWording(storage);
  const { clauseId, text } = BIODIVERSITY_EDIT;
  for (const language of ['en', 'zh'] as const) {
    await changeDocument(storage, clauseDocumentName(DEMO_CONSULTATION.id, clauseId, language), (doc) =>
      appendToFirstParagraph(doc, text[language]),
    );
  }
  await confirmBiodiversityTranslation(storage);
}

/**
 * 5.3.2 was edited in both languages: the secretariat confirmed the two in line. 2.1 stays
 * "Chinese out of date": Lao PDR's wording changed its English only, so a new user sees the badge.
 */
async function confirmBiodiversityTranslation(storage: Storage): Promise<void> {
  const consultationId = DEMO_CONSULTATION.id;
  const { clauseId } = BIODIVERSITY_EDIT;
  const textOf = async (language: 'en' | 'zh') => {
    const doc = await loadDocument(storage, clauseDocumentName(consultationId, clauseId, language));
    const text = clausePlainText(doc);
    doc.destroy();
    return text;
  };
  const [en, zh] = [await textOf('en'), await textOf('zh')];
  const at = TRANSLATION_CONFIRMED;
  await storage.confirmTranslation(
    { consultationId, clauseId, en, zh, confirmedById: SECRETARIAT, confirmedAt: at },
    {
      consultationId,
      actorId: SECRETARIAT,
      action: 'translation.confirm',
      target: `clause:${clauseId}`,
      reason: null,
      detail: { before: 'both_changed', en, zh },
      at,
    },
  );
}

/** As `ThreadService.applyWording` does: the wording into the text, the thread marked applied and re-anchored. */
async function applyLaoWording(storage: Storage): Promise<void> {
  const consultationId = DEMO_CONSULTATION.id;
  const found = (await storage.listThreads(consultationId)).find(
    ({ thread }) => thread.authorId === LAO_THREAD.authorId && thread.clauseId === LAO_THREAD.clauseId,
  );
  const thread = found?.thread;
  const { passage, proposal, response } = thread ?? {};
  if (!thread || !passage || !proposal || !response || !APPLICABLE_RESPONSE_STATUSES.includes(response.status))
    throw new Error(`no accepted demo proposal by ${LAO_THREAD.authorId} on ${LAO_THREAD.clauseId}`);
  const name = clauseDocumentName(consultationId, thread.clauseId, passage.language);
  const result = await changeDocument(storage, name, (doc) => {
    const before = resolveAnchor(doc, passage);
    return { before: before.state === 'attached' ? before.text : '', anchor: applyProposal(doc, passage, proposal) };
  });
  const at = LAO_WORDING_APPLIED;
  await storage.updateThread(
    thread.id,
    { applied: { byId: SECRETARIAT, at }, passage: { ...passage, ...result.anchor }, updatedAt: at },
    {
      consultationId,
      actorId: SECRETARIAT,
      action: 'thread.applyWording',
      target: `thread:${thread.id}`,
      reason: null,
      detail: { language: passage.language, action: proposal.action, before: result.before, after: proposal.text },
      at,
    },
    { notApplied: true },
  );
}

async function loadDocument(storage: Storage, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ guid: name });
  for (const update of await storage.loadDocumentUpdates(name)) Y.applyUpdate(doc, update);
  return doc;
}

/** Loads a document from the log, changes it, appends the change to the log and saves its plain text. */
async function changeDocument<T>(storage: Storage, name: string, change: (doc: Y.Doc) => T): Promise<T> {
  const doc = await loadDocument(storage, name);
  try {
    const before = Y.encodeStateVector(doc);
    const value = change(doc);
    await storage.appendDocumentUpdate(name, Y.encodeStateAsUpdate(doc, before));
    await storage.setDocumentText(name, clausePlainText(doc));
    return value;
  } finally {
    doc.destroy();
  }
}

/** Types `text` at the end of the clause's first paragraph, as a Lexical editor's binding would. */
function appendToFirstParagraph(doc: Y.Doc, text: string): void {
  const first = (doc.get(CLAUSE_ROOT, Y.XmlText).toDelta() as { insert: unknown }[])[0]?.insert;
  if (!(first instanceof Y.XmlText)) throw new Error('the clause document has no paragraph');
  first.insert(first.length, text);
}
