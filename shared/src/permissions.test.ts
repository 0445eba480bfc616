import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from './api.ts';
import { ROLES } from './model.ts';
import { ACTIONS, type Action, type Actor, can, capabilities, decide } from './permissions.ts';
import { ROUND_STATES } from './rounds.ts';

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
        "delegate": "consultation.read, clause.editText, thread.comment, thread.reply, comment.edit, comment.withdraw, reviewStatus.set, matrix.export, vote.cast, translation.confirm",
        "observer": "consultation.read, matrix.export",
        "partner": "consultation.read, thread.comment, thread.reply, comment.edit, comment.withdraw, reviewStatus.set, matrix.export, vote.advise",
        "secretariat": "consultation.read, clause.editText, thread.comment, thread.reply, thread.respond, thread.applyWording, thread.moderate, comment.edit, comment.withdraw, comment.readHidden, reviewStatus.set, matrix.export, vote.manage, version.publish, version.restore, auditLog.read, consultation.manage, round.manage, translation.confirm",
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

    it('lets only the secretariat restore a version, in every round state but closed', () => {
      expect(ROLES.filter((role) => can(actor(role), 'version.restore'))).toEqual(['secretariat']);
      for (const state of ROUND_STATES)
        expect(can(secretariat, 'version.restore', { round: { state } }), state).toBe(state !== 'closed');
      expect(decide(secretariat, 'version.restore', { round: { state: 'closed' } })).toMatchObject({
        code: 'round_closed',
        refusal: 'conflict',
      });
      expect(decide(laos, 'version.restore', { round: { state: 'drafting' } })).toMatchObject({
        code: 'role',
        refusal: 'forbidden',
      });
    });
  });
});

describe('translations', () => {
  it('lets those who write the text (secretariat, delegates) confirm a translation in line, nobody else', () => {
    expect(ROLES.filter((role) => can(actor(role), 'translation.confirm'))).toEqual(['secretariat', 'delegate']);
    expect(decide(actor('partner'), 'translation.confirm')).toMatchObject({ code: 'role', refusal: 'forbidden' });
  });
});

describe('rules of the current round', () => {
  const ROUND_ACTIONS: Action[] = [
    'clause.editText',
    'thread.comment',
    'thread.reply',
    'thread.respond',
    'thread.applyWording',
    'thread.moderate',
    'round.manage',
    'vote.cast',
    'vote.advise',
    'vote.manage',
    'comment.edit',
    'comment.withdraw',
    'reviewStatus.set',
    'translation.confirm',
    'version.restore',
    'consultation.read',
  ];
  const cell = (role: Actor['role'], action: Action, state: (typeof ROUND_STATES)[number]) => {
    const decision = decide(actor(role), action, { round: { state } });
    return decision.allowed ? 'yes' : decision.refusal === 'forbidden' ? '-' : decision.code;
  };

  it('pins every state × role × action', () => {
    // Per state and role: the actions allowed, and those refused by the round (with the reason).
    // Actions the role may never take (403 whatever the round) are left out.
    const table = Object.fromEntries(
      ROUND_STATES.flatMap((state) =>
        ROLES.map((role) => [
          `${state} ${role}`,
          ROUND_ACTIONS.map((action) => [action, cell(role, action, state)])
            .filter(([, c]) => c !== '-')
            .map(([action, c]) => (c === 'yes' ? action : `${action}=${c}`))
            .join(', '),
        ]),
      ),
    );
    expect(table).toMatchInlineSnapshot(`
      {
        "closed delegate": "clause.editText=round_closed, thread.comment=round_closed, thread.reply=round_closed, vote.cast, comment.edit=round_closed, comment.withdraw=round_closed, reviewStatus.set, translation.confirm=round_closed, consultation.read",
        "closed observer": "consultation.read",
        "closed partner": "thread.comment=round_closed, thread.reply=round_closed, vote.advise, comment.edit=round_closed, comment.withdraw=round_closed, reviewStatus.set, consultation.read",
        "closed secretariat": "clause.editText=round_closed, thread.comment=round_closed, thread.reply=round_closed, thread.respond=round_closed, thread.applyWording=round_closed, thread.moderate=round_closed, round.manage, vote.manage, comment.edit=round_closed, comment.withdraw=round_closed, reviewStatus.set, translation.confirm=round_closed, version.restore=round_closed, consultation.read",
        "consolidation delegate": "clause.editText=round_not_drafting, thread.comment=round_not_open, thread.reply=round_not_open, vote.cast, comment.edit=round_not_open, comment.withdraw=round_not_open, reviewStatus.set, translation.confirm, consultation.read",
        "consolidation observer": "consultation.read",
        "consolidation partner": "thread.comment=round_not_open, thread.reply=round_not_open, vote.advise, comment.edit=round_not_open, comment.withdraw=round_not_open, reviewStatus.set, consultation.read",
        "consolidation secretariat": "clause.editText, thread.comment, thread.reply, thread.respond, thread.applyWording, thread.moderate, round.manage, vote.manage, comment.edit, comment.withdraw, reviewStatus.set, translation.confirm, version.restore, consultation.read",
        "drafting delegate": "clause.editText, thread.comment=round_not_open, thread.reply=round_not_open, vote.cast, comment.edit=round_not_open, comment.withdraw=round_not_open, reviewStatus.set, translation.confirm, consultation.read",
        "drafting observer": "consultation.read",
        "drafting partner": "thread.comment=round_not_open, thread.reply=round_not_open, vote.advise, comment.edit=round_not_open, comment.withdraw=round_not_open, reviewStatus.set, consultation.read",
        "drafting secretariat": "clause.editText, thread.comment=round_not_open, thread.reply=round_not_open, thread.respond, thread.applyWording, thread.moderate, round.manage, vote.manage, comment.edit=round_not_open, comment.withdraw=round_not_open, reviewStatus.set, translation.confirm, version.restore, consultation.read",
        "open delegate": "clause.editText=round_not_drafting, thread.comment, thread.reply, vote.cast, comment.edit, comment.withdraw, reviewStatus.set, translation.confirm, consultation.read",
        "open observer": "consultation.read",
        "open partner": "thread.comment, thread.reply, vote.advise, comment.edit, comment.withdraw, reviewStatus.set, consultation.read",
        "open secretariat": "clause.editText, thread.comment, thread.reply, thread.respond, thread.applyWording, thread.moderate, round.manage, vote.manage, comment.edit, comment.withdraw, reviewStatus.set, translation.confirm, version.restore, consultation.read",
      }
    `);
  });

  it('lets delegates edit text only while drafting; the secretariat in every state but closed', () => {
    for (const state of ROUND_STATES) {
      expect(can(actor('delegate'), 'clause.editText', { round: { state } }), state).toBe(state === 'drafting');
      expect(can(actor('secretariat'), 'clause.editText', { round: { state } }), state).toBe(state !== 'closed');
    }
    expect(cell('delegate', 'clause.editText', 'open')).toBe('round_not_drafting');
    expect(cell('delegate', 'clause.editText', 'closed')).toBe('round_closed');
  });

  it('takes comments and replies only while open; the secretariat also in consolidation', () => {
    for (const action of ['thread.comment', 'thread.reply'] as const)
      for (const state of ROUND_STATES) {
        for (const role of ['delegate', 'partner'] as const)
          expect(can(actor(role), action, { round: { state } }), `${role} ${action} ${state}`).toBe(state === 'open');
        expect(can(actor('secretariat'), action, { round: { state } }), `${action} ${state}`).toBe(
          state === 'open' || state === 'consolidation',
        );
      }
    expect(cell('partner', 'thread.reply', 'consolidation')).toBe('round_not_open');
    expect(cell('delegate', 'thread.comment', 'drafting')).toBe('round_not_open');
    expect(cell('delegate', 'thread.comment', 'closed')).toBe('round_closed');
  });

  it('lets the secretariat respond, apply wordings and moderate in every state but closed', () => {
    for (const action of ['thread.respond', 'thread.applyWording', 'thread.moderate'] as const)
      for (const state of ROUND_STATES)
        expect(can(actor('secretariat'), action, { round: { state } }), `${action} ${state}`).toBe(state !== 'closed');
  });

  it('refuses with 409 (conflict) and a known reason; the role table still answers first (403)', () => {
    const refusal = decide(actor('delegate'), 'thread.comment', { round: { state: 'drafting' } });
    expect(refusal).toMatchObject({ allowed: false, refusal: 'conflict', code: 'round_not_open' });
    if (!refusal.allowed) expect(REFUSAL_REASONS).toContain(refusal.code);
    expect(decide(actor('observer'), 'thread.comment', { round: { state: 'open' } })).toMatchObject({
      refusal: 'forbidden',
      code: 'role',
    });
  });

  it('applies no round rule without a current round, and never restricts votes', () => {
    for (const role of ROLES)
      for (const action of ACTIONS) {
        expect(can(actor(role), action, { round: null }), `${role} ${action}`).toBe(can(actor(role), action));
        if (action.startsWith('vote.'))
          for (const state of ROUND_STATES)
            expect(can(actor(role), action, { round: { state } })).toBe(can(actor(role), action));
      }
  });

  it('lets only the secretariat manage rounds', () => {
    expect(ROLES.filter((role) => can(actor(role), 'round.manage'))).toEqual(['secretariat']);
  });
});
