import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from './api.ts';
import { ROLES } from './model.ts';
import { ACTIONS, type Actor, can, capabilities, decide } from './permissions.ts';

const actor = (role: Actor['role']): Actor => ({
  personId: `p-${role}`,
  role,
  stakeholderId: role === 'observer' ? null : 's',
});

describe('can()', () => {
  it('pins the whole role × action matrix', () => {
    const matrix = Object.fromEntries(
      ROLES.map((role) => [role, ACTIONS.filter((action) => can(actor(role), action)).join(', ')]),
    );
    expect(matrix).toMatchInlineSnapshot(`
      {
        "delegate": "consultation.read, clause.editText, thread.comment, thread.reply, comment.edit, comment.withdraw, reviewStatus.set, matrix.export, vote.cast",
        "observer": "consultation.read, matrix.export",
        "partner": "consultation.read, thread.comment, thread.reply, comment.edit, comment.withdraw, reviewStatus.set, matrix.export, vote.advise",
        "secretariat": "consultation.read, clause.editText, thread.comment, thread.reply, thread.respond, thread.applyWording, thread.moderate, comment.edit, comment.withdraw, comment.readHidden, reviewStatus.set, matrix.export, vote.manage, version.publish, auditLog.read, consultation.manage",
      }
    `);
  });

  it('says why it refuses', () => {
    expect(decide(actor('observer'), 'clause.editText')).toEqual({
      allowed: false,
      reason: 'role "observer" may not clause.editText',
      code: 'role',
      refusal: 'forbidden',
    });
  });

  it('names every refusal with a known reason', () => {
    const laos: Actor = { personId: 'p-laos', role: 'delegate', stakeholderId: 'laos' };
    const refusals = [
      decide(actor('observer'), 'thread.comment'),
      decide(laos, 'thread.reply', { thread: { locked: true } }),
      decide(laos, 'comment.edit', { comment: { authorId: 'p-china', withdrawn: false, threadHasResponse: false } }),
      decide(laos, 'comment.edit', { comment: { authorId: 'p-laos', withdrawn: true, threadHasResponse: false } }),
      decide(laos, 'comment.withdraw', { comment: { authorId: 'p-laos', withdrawn: false, threadHasResponse: true } }),
      decide(laos, 'reviewStatus.set', { stakeholderId: 'china' }),
      decide(laos, 'vote.cast', { stakeholderId: 'china' }),
      decide(laos, 'vote.cast', { stakeholderId: 'laos', vote: { open: false, advisory: false } }),
      decide({ personId: 'p-tnc', role: 'partner', stakeholderId: 'tnc' }, 'vote.advise', {
        stakeholderId: 'tnc',
        vote: { open: true, advisory: false },
      }),
    ];
    for (const decision of refusals) {
      expect(decision.allowed).toBe(false);
      if (!decision.allowed) expect(REFUSAL_REASONS).toContain(decision.code);
    }
  });

  it('lists capabilities for the client to mirror', () => {
    const caps = capabilities(actor('partner'));
    expect(Object.keys(caps)).toEqual([...ACTIONS]);
    expect(caps['thread.comment']).toBe(true);
    expect(caps['clause.editText']).toBe(false);
  });
});

describe('rules that read the context', () => {
  const laos: Actor = { personId: 'p-laos', role: 'delegate', stakeholderId: 'laos' };
  const secretariat = actor('secretariat');
  const comment = (over: Partial<{ authorId: string; withdrawn: boolean; threadHasResponse: boolean }> = {}) => ({
    comment: { authorId: 'p-laos', withdrawn: false, threadHasResponse: false, ...over },
  });

  it('takes no replies in a locked thread, from anyone (409)', () => {
    for (const role of ['secretariat', 'delegate', 'partner'] as const) {
      expect(decide(actor(role), 'thread.reply', { thread: { locked: true } })).toMatchObject({
        allowed: false,
        code: 'thread_locked',
        refusal: 'conflict',
      });
      expect(can(actor(role), 'thread.reply', { thread: { locked: false } })).toBe(true);
    }
    expect(decide(actor('observer'), 'thread.reply', { thread: { locked: false } })).toMatchObject({
      code: 'role',
      refusal: 'forbidden',
    });
  });

  it('lets authors edit and withdraw their own comment until it has a response', () => {
    for (const action of ['comment.edit', 'comment.withdraw'] as const) {
      expect(can(laos, action, comment())).toBe(true);
      expect(decide(laos, action, comment({ authorId: 'p-china' }))).toMatchObject({
        code: 'not_author',
        refusal: 'forbidden',
      });
      // Not even the secretariat rewrites someone's comment (it hides it instead).
      expect(decide(secretariat, action, comment())).toMatchObject({ code: 'not_author', refusal: 'forbidden' });
      expect(decide(laos, action, comment({ threadHasResponse: true }))).toMatchObject({
        code: 'already_responded',
        refusal: 'conflict',
      });
      expect(decide(laos, action, comment({ withdrawn: true }))).toMatchObject({
        code: 'comment_withdrawn',
        refusal: 'conflict',
      });
      expect(decide(actor('observer'), action, comment({ authorId: 'p-observer' }))).toMatchObject({
        code: 'role',
        refusal: 'forbidden',
      });
    }
  });

  it("lets people set their own stakeholder's review status, and the secretariat any", () => {
    expect(can(laos, 'reviewStatus.set', { stakeholderId: 'laos' })).toBe(true);
    expect(decide(laos, 'reviewStatus.set', { stakeholderId: 'china' })).toMatchObject({
      code: 'own_stakeholder_only',
      refusal: 'forbidden',
    });
    const tnc: Actor = { personId: 'p-tnc', role: 'partner', stakeholderId: 'tnc' };
    expect(can(tnc, 'reviewStatus.set', { stakeholderId: 'tnc' })).toBe(true);
    expect(can(tnc, 'reviewStatus.set', { stakeholderId: 'laos' })).toBe(false);
    expect(can(secretariat, 'reviewStatus.set', { stakeholderId: 'laos' })).toBe(true);
    expect(can(actor('observer'), 'reviewStatus.set', { stakeholderId: 's' })).toBe(false);
  });

  it('keeps responding, applying wording, moderating, hidden content and the audit log to the secretariat', () => {
    for (const action of [
      'thread.respond',
      'thread.applyWording',
      'thread.moderate',
      'comment.readHidden',
      'auditLog.read',
    ] as const) {
      expect(ROLES.filter((role) => can(actor(role), action))).toEqual(['secretariat']);
    }
  });

  describe('votes', () => {
    const open = { open: true, advisory: false };
    const tnc: Actor = { personId: 'p-tnc', role: 'partner', stakeholderId: 'tnc' };

    it('lets a delegate vote for their own country only, while the vote is open', () => {
      expect(can(laos, 'vote.cast', { stakeholderId: 'laos', vote: open })).toBe(true);
      expect(decide(laos, 'vote.cast', { stakeholderId: 'thailand', vote: open })).toMatchObject({
        code: 'own_stakeholder_only',
        refusal: 'forbidden',
      });
      expect(decide(laos, 'vote.cast', { stakeholderId: 'laos', vote: { ...open, open: false } })).toMatchObject({
        code: 'vote_closed',
        refusal: 'conflict',
      });
      // Another country's ballot is refused as such, open or not.
      expect(decide(laos, 'vote.cast', { stakeholderId: 'china', vote: { ...open, open: false } })).toMatchObject({
        code: 'own_stakeholder_only',
      });
    });

    it('counts no ballot from the secretariat, partners or observers', () => {
      for (const who of [secretariat, tnc, actor('observer')]) {
        expect(decide(who, 'vote.cast', { stakeholderId: who.stakeholderId ?? 'laos', vote: open })).toMatchObject({
          code: 'role',
          refusal: 'forbidden',
        });
      }
    });

    it('takes advisory positions from partners only where the vote asks for them', () => {
      const advisory = { open: true, advisory: true };
      expect(can(tnc, 'vote.advise', { stakeholderId: 'tnc', vote: advisory })).toBe(true);
      expect(decide(tnc, 'vote.advise', { stakeholderId: 'tnc', vote: open })).toMatchObject({
        code: 'advisory_not_enabled',
        refusal: 'forbidden',
      });
      expect(decide(tnc, 'vote.advise', { stakeholderId: 'ci', vote: advisory })).toMatchObject({
        code: 'own_stakeholder_only',
      });
      expect(decide(tnc, 'vote.advise', { stakeholderId: 'tnc', vote: { ...advisory, open: false } })).toMatchObject({
        code: 'vote_closed',
        refusal: 'conflict',
      });
      for (const who of [laos, secretariat, actor('observer')])
        expect(can(who, 'vote.advise', { stakeholderId: who.stakeholderId ?? 'tnc', vote: advisory })).toBe(false);
    });

    it('lets only the secretariat open and close votes', () => {
      expect(ROLES.filter((role) => can(actor(role), 'vote.manage'))).toEqual(['secretariat']);
    });
  });

  describe('versions', () => {
    it('lets only the secretariat publish a version, and everyone on the consultation read and compare them', () => {
      expect(ROLES.filter((role) => can(actor(role), 'version.publish'))).toEqual(['secretariat']);
      // Reading a version and comparing is reading the consultation: no action of its own.
      expect(ROLES.filter((role) => can(actor(role), 'consultation.read'))).toEqual([...ROLES]);
      expect(decide(laos, 'version.publish', { consultationId: 'lmec-2017' })).toMatchObject({
        code: 'role',
        refusal: 'forbidden',
      });
    });
  });
});
