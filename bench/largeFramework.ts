/** The synthetic large framework the benchmarks load: bench/skeleton.ts, pageLoad.ts, scale.ts… */
import path from 'node:path';
import { clauseTextUpdate, SqliteStorage, seedDemo } from '@accord/server';
import { clauseDocumentName, type Framework, LANGUAGES } from '@accord/shared';

export const LARGE_CONSULTATION = 'bench-300';
export const LARGE_CLAUSES = 300;

/**
 * A bilingual framework of `clauseCount` clauses (sections of 10) written straight into the store
 * of `dataDir`, beside the demo (seeded here when the server has not done it yet), as consultation
 * `consultationId`. The server must not be running on `dataDir`.
 */
export async function addLargeFramework(
  dataDir: string,
  clauseCount = LARGE_CLAUSES,
  consultationId = LARGE_CONSULTATION,
): Promise<void> {
  const storage = SqliteStorage.open(path.join(dataDir, 'accord.sqlite'));
  await seedDemo(storage);
  const framework: Framework = { consultationId, sections: [], clauses: [] };
  const documents = new Map<string, { update: Uint8Array; text: string }>();
  const texts = {
    en: 'To promote and strengthen the climate change resilient investment projects in the local communities of the Lancang-Mekong countries.',
    zh: '促进和加强澜沧江-湄公河国家社区气候变化适应型投资项目。',
  };
  for (let s = 0; s < clauseCount / 10; s++) {
    framework.sections.push({
      id: `s${s}`,
      parentId: null,
      position: s,
      title: { en: `Section ${s}`, zh: `第${s}节` },
    });
    for (let c = 0; c < 10; c++) {
      const id = `s${s}-c${c}`;
      framework.clauses.push({ id, sectionId: `s${s}`, position: c });
      for (const language of LANGUAGES) {
        const text = texts[language];
        documents.set(clauseDocumentName(consultationId, id, language), { update: clauseTextUpdate(text), text });
      }
    }
  }
  await storage.createConsultation({
    consultation: { id: consultationId, title: { en: 'Large', zh: '大' } },
    framework,
    documents,
  });
  await storage.close();
}
