import {
  clauseDocumentName,
  type Framework,
  type FrameworkSnapshot,
  LANGUAGES,
  type Language,
  type NumberedSection,
  numberedClauses,
  outlineFramework,
  type SectionSnapshot,
  type ThreadView,
} from '@accord/shared';

/** What a version stores (as JSON text): the framework and the threads, as they stood. */
export interface VersionSnapshot {
  framework: FrameworkSnapshot;
  threads: ThreadView[];
}

/** The names of every clause document of the framework: one per clause and language. */
export function clauseDocumentNames(framework: Framework): string[] {
  return framework.clauses.flatMap((clause) =>
    LANGUAGES.map((language) => clauseDocumentName(framework.consultationId, clause.id, language)),
  );
}

/**
 * The framework at one moment: sections depth-first and clauses in reading order, each with the
 * number it has now (`outlineFramework`), each clause with its text in both languages from
 * `textOf` (the plain text, as `clausePlainText` reads it). Keys in a fixed order, so the same
 * framework always serialises to the same JSON.
 */
export function frameworkSnapshot(
  framework: Framework,
  textOf: (clauseId: string, language: Language) => string,
): FrameworkSnapshot {
  const outline = outlineFramework(framework);
  const sections: SectionSnapshot[] = [];
  const walk = (list: NumberedSection[]) => {
    for (const section of list) {
      sections.push({
        id: section.id,
        parentId: section.parentId,
        position: section.position,
        number: section.number,
        title: { en: section.title.en, zh: section.title.zh },
      });
      walk(section.children);
    }
  };
  walk(outline);
  const clauses = numberedClauses(outline).map((clause) => ({
    id: clause.id,
    sectionId: clause.sectionId,
    position: clause.position,
    number: clause.number,
    text: { en: textOf(clause.id, 'en'), zh: textOf(clause.id, 'zh') },
  }));
  return { sections, clauses };
}
