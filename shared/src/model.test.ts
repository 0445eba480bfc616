import { describe, expect, it } from 'vitest';
import { type Framework, frameworkSchema, numberedClauses, outlineFramework, personSchema } from './model.ts';

const framework: Framework = {
  consultationId: 'c1',
  sections: [
    { id: 'areas', parentId: null, position: 1, title: { en: 'Priority Areas', zh: '优先合作领域' } },
    { id: 'objectives', parentId: null, position: 0, title: { en: 'Objectives', zh: '合作目标' } },
    { id: 'area-b', parentId: 'areas', position: 1, title: { en: 'B', zh: '乙' } },
    { id: 'area-a', parentId: 'areas', position: 0, title: { en: 'A', zh: '甲' } },
  ],
  clauses: [
    { id: 'o2', sectionId: 'objectives', position: 1 },
    { id: 'o1', sectionId: 'objectives', position: 0 },
    { id: 'b1', sectionId: 'area-b', position: 0 },
    { id: 'a1', sectionId: 'area-a', position: 0 },
  ],
};

describe('framework model', () => {
  it('numbers sections and clauses by position, not by storage order', () => {
    const outline = outlineFramework(framework);
    expect(outline.map((s) => `${s.number} ${s.id}`)).toEqual(['1 objectives', '2 areas']);
    expect(outline[1]?.children.map((s) => `${s.number} ${s.id}`)).toEqual(['2.1 area-a', '2.2 area-b']);
    expect(numberedClauses(outline).map((c) => `${c.number} ${c.id}`)).toEqual([
      '1.1 o1',
      '1.2 o2',
      '2.1.1 a1',
      '2.2.1 b1',
    ]);
  });

  it('renumbers when a clause moves, keeping its id', () => {
    const moved = { ...framework, clauses: framework.clauses.map((c) => (c.id === 'o2' ? { ...c, position: -1 } : c)) };
    expect(
      numberedClauses(outlineFramework(moved))
        .slice(0, 2)
        .map((c) => `${c.number} ${c.id}`),
    ).toEqual(['1.1 o2', '1.2 o1']);
  });

  it('validates with zod', () => {
    expect(frameworkSchema.safeParse(framework).success).toBe(true);
    expect(
      frameworkSchema.safeParse({ ...framework, clauses: [{ id: 'bad id!', sectionId: 'x', position: 0 }] }).success,
    ).toBe(false);
    expect(
      personSchema.safeParse({ id: 'p', email: 'not-an-email', name: 'X', role: 'delegate', stakeholderId: null })
        .success,
    ).toBe(false);
    expect(
      personSchema.safeParse({ id: 'p', email: 'a@b.org', name: 'X', role: 'king', stakeholderId: null }).success,
    ).toBe(false);
  });
});
