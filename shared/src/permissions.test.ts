import { describe, expect, it } from 'vitest';
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
        "delegate": "consultation.read, clause.editText, thread.comment, thread.reply, vote.cast",
        "observer": "consultation.read",
        "partner": "consultation.read, thread.comment, thread.reply",
        "secretariat": "consultation.read, clause.editText, thread.comment, thread.reply, thread.respond, thread.moderate, vote.manage, auditLog.read, consultation.manage",
      }
    `);
  });

  it('says why it refuses', () => {
    expect(decide(actor('observer'), 'clause.editText')).toEqual({
      allowed: false,
      reason: 'role "observer" may not clause.editText',
    });
  });

  it('lists capabilities for the client to mirror', () => {
    const caps = capabilities(actor('partner'));
    expect(Object.keys(caps)).toEqual([...ACTIONS]);
    expect(caps['thread.comment']).toBe(true);
    expect(caps['clause.editText']).toBe(false);
  });
});
