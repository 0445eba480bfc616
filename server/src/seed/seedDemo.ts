import { clauseDocumentName, type Framework, LANGUAGES, type Section } from '@accord/shared';
import { hashPassword } from '../auth/passwords.ts';
import { clauseTextUpdate } from '../collab/lexicalText.ts';
import type { NewConsultation, Storage } from '../storage/Storage.ts';
import {
  DEMO_CONSULTATION,
  DEMO_FRAMEWORK,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_STAKEHOLDERS,
  type DemoSection,
} from './demoConsultation.ts';
import { seedDemoNotifications } from './demoNotifications.ts';
import { seedDemoThreads } from './demoThreads.ts';
import { seedDemoLaterChanges, seedDemoVersion } from './demoVersions.ts';
import { seedDemoVotes } from './demoVotes.ts';

/**
 * Seeds the demo consultation, its stakeholders and accounts. Does nothing when already seeded.
 *
 * Safe when several instances start at once on one shared database (PostgreSQL): every step
 * before the consultation is idempotent or tolerates losing a race (stakeholders are upserted;
 * an account another instance created first is taken as created), and `createConsultation` is
 * atomic on the consultation's primary key, so exactly one instance creates it; the others see
 * "already exists" and report not seeded. Only the instance that created it seeds the demo
 * version, threads, votes and later changes, so they are never doubled. (The others may serve
 * the consultation a moment before they appear: harmless for demo data.) This keeps seeding
 * storage-agnostic, where an advisory lock would tie it to PostgreSQL.
 */
export async function seedDemo(storage: Storage): Promise<{ seeded: boolean }> {
  if (await storage.getConsultation(DEMO_CONSULTATION.id)) return { seeded: false };

  for (const stakeholder of DEMO_STAKEHOLDERS) await storage.upsertStakeholder(stakeholder);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const person of DEMO_PEOPLE) {
    if (await storage.findPersonByEmail(person.email)) continue;
    try {
      await storage.createPerson({ ...person, passwordHash });
    } catch (error) {
      // Another instance seeding at the same moment created it first: fine.
      if (!(await storage.findPersonByEmail(person.email))) throw error;
    }
  }

  const framework: Framework = { consultationId: DEMO_CONSULTATION.id, sections: [], clauses: [] };
  const documents: NewConsultation['documents'] = new Map();
  const addSections = (list: DemoSection[], parentId: string | null) => {
    list.forEach((demo, position) => {
      const section: Section = { id: demo.id, parentId, position, title: demo.title };
      framework.sections.push(section);
      (demo.clauses ?? []).forEach((clause, clausePosition) => {
        framework.clauses.push({ id: clause.id, sectionId: demo.id, position: clausePosition });
        for (const language of LANGUAGES) {
          const name = clauseDocumentName(DEMO_CONSULTATION.id, clause.id, language);
          const text = clause.text[language];
          documents.set(name, { update: clauseTextUpdate(text), text });
        }
      });
      addSections(demo.children ?? [], demo.id);
    });
  };
  addSections(DEMO_FRAMEWORK, null);

  try {
    await storage.createConsultation({
      consultation: { id: DEMO_CONSULTATION.id, title: { ...DEMO_CONSULTATION.title } },
      framework,
      documents,
    });
  } catch (error) {
    // Another instance created it between our check and now (its transaction won): seeded.
    if (await storage.getConsultation(DEMO_CONSULTATION.id)) return { seeded: false };
    throw error;
  }
  // The draft as sent out on 14 August 2017, then the threads and votes of the round that
  // followed, then the changes made to the draft since: the demo compares them at once.
  await seedDemoVersion(storage);
  await seedDemoThreads(storage);
  // In the order they happened (12 and 14 September 2017): the audit log lists by entry.
  await seedDemoLaterChanges(storage);
  await seedDemoVotes(storage);
  await seedDemoNotifications(storage);
  return { seeded: true };
}
