import { idSchema, type Language, languageSchema } from './model.ts';

/**
 * Names of the Yjs documents synced through Hocuspocus, built and parsed only here.
 *
 * - `clause/<consultationId>/<clauseId>/<language>`: the text of one clause in one language.
 * - `presence/<consultationId>`: an empty document whose awareness says who is on the page.
 */
export type DocumentName =
  | { kind: 'clause'; consultationId: string; clauseId: string; language: Language }
  | { kind: 'presence'; consultationId: string };

export function clauseDocumentName(consultationId: string, clauseId: string, language: Language): string {
  return `${clauseDocumentPrefix(consultationId)}${clauseId}/${language}`;
}

/** What every clause document name of a consultation starts with (to list them in storage). */
export function clauseDocumentPrefix(consultationId: string): string {
  return `clause/${consultationId}/`;
}

export function presenceDocumentName(consultationId: string): string {
  return `presence/${consultationId}`;
}

/** Parses a document name; null when it is not one of ours (the server refuses those). */
export function parseDocumentName(name: string): DocumentName | null {
  const parts = name.split('/');
  const valid = (id: string | undefined): id is string => idSchema.safeParse(id).success;
  if (parts[0] === 'clause' && parts.length === 4) {
    const [, consultationId, clauseId, lang] = parts;
    const language = languageSchema.safeParse(lang);
    if (valid(consultationId) && valid(clauseId) && language.success) {
      return { kind: 'clause', consultationId, clauseId, language: language.data };
    }
  }
  if (parts[0] === 'presence' && parts.length === 2 && valid(parts[1])) {
    return { kind: 'presence', consultationId: parts[1] };
  }
  return null;
}
