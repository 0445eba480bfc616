import { z } from 'zod';

/** Working languages of the framework. Every clause has a text in each. */
export const LANGUAGES = ['en', 'zh'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

export const localizedTextSchema = z.object({ en: z.string(), zh: z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Stable ids: opaque, URL- and document-name-safe. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, "_" and "-" only');
export type Id = z.infer<typeof idSchema>;

export const ROLES = ['secretariat', 'delegate', 'partner', 'observer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const STAKEHOLDER_KINDS = ['secretariat', 'member_state', 'partner'] as const;
export const stakeholderKindSchema = z.enum(STAKEHOLDER_KINDS);
export type StakeholderKind = z.infer<typeof stakeholderKindSchema>;

/** A country or an organisation: what the matrix and the votes count by. */
export const stakeholderSchema = z.object({
  id: idSchema,
  kind: stakeholderKindSchema,
  name: localizedTextSchema,
});
export type Stakeholder = z.infer<typeof stakeholderSchema>;

/** A person as the rest of the app sees them (never with credentials). */
export const personSchema = z.object({
  id: idSchema,
  email: z.email(),
  name: z.string().min(1).max(200),
  role: roleSchema,
  /** Observers may belong to no stakeholder. */
  stakeholderId: idSchema.nullable(),
});
export type Person = z.infer<typeof personSchema>;

export const consultationSchema = z.object({
  id: idSchema,
  title: localizedTextSchema,
});
export type Consultation = z.infer<typeof consultationSchema>;

/**
 * A section of the framework. Sections nest one level (5 Priority Areas → 5.1 …);
 * numbers are never stored: they follow position (see `outlineFramework`).
 */
export const sectionSchema = z.object({
  id: idSchema,
  parentId: idSchema.nullable(),
  position: z.number().int().nonnegative(),
  title: localizedTextSchema,
});
export type Section = z.infer<typeof sectionSchema>;

/** A numbered item inside a section. Its texts live in Yjs, one document per language. */
export const clauseSchema = z.object({
  id: idSchema,
  sectionId: idSchema,
  position: z.number().int().nonnegative(),
});
export type Clause = z.infer<typeof clauseSchema>;

export const frameworkSchema = z.object({
  consultationId: idSchema,
  sections: z.array(sectionSchema),
  clauses: z.array(clauseSchema),
});
export type Framework = z.infer<typeof frameworkSchema>;

export interface NumberedClause extends Clause {
  number: string;
}

export interface NumberedSection extends Section {
  number: string;
  depth: number;
  clauses: NumberedClause[];
  children: NumberedSection[];
}

const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;

/** Numbers sections and clauses by position: sections 1, 2 … 5.1 …, clauses 4.3, 5.3.1 … */
export function outlineFramework(framework: Framework): NumberedSection[] {
  const build = (parentId: string | null, prefix: string, depth: number): NumberedSection[] =>
    framework.sections
      .filter((s) => s.parentId === parentId)
      .sort(byPosition)
      .map((section, index) => {
        const number = prefix ? `${prefix}.${index + 1}` : `${index + 1}`;
        const clauses = framework.clauses
          .filter((c) => c.sectionId === section.id)
          .sort(byPosition)
          .map((clause, i) => ({ ...clause, number: `${number}.${i + 1}` }));
        return { ...section, number, depth, clauses, children: build(section.id, number, depth + 1) };
      });
  return build(null, '', 0);
}

/** Every clause with its number, in reading order. */
export function numberedClauses(outline: NumberedSection[]): NumberedClause[] {
  return outline.flatMap((s) => [...s.clauses, ...numberedClauses(s.children)]);
}
