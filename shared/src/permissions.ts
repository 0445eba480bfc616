import type { Role } from './model.ts';

/**
 * Everything a person may try to do. Typed names, one table, one `can()`:
 * call sites never compare role strings.
 */
export const ACTIONS = [
  'consultation.read',
  'clause.editText',
  'thread.comment',
  'thread.reply',
  'thread.respond',
  'thread.moderate',
  'vote.cast',
  'vote.manage',
  'auditLog.read',
  'consultation.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who is acting, as the server knows them from the session. */
export interface Actor {
  personId: string;
  role: Role;
  stakeholderId: string | null;
}

/** What the action is on. Later rules (round state, grants) read more of it. */
export interface PolicyContext {
  consultationId?: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

const everyone: Role[] = ['secretariat', 'delegate', 'partner', 'observer'];

/** Role → actions. Secretariat can do everything; partners comment but neither edit nor vote. */
const GRANTS: Record<Action, readonly Role[]> = {
  'consultation.read': everyone,
  'clause.editText': ['secretariat', 'delegate'],
  'thread.comment': ['secretariat', 'delegate', 'partner'],
  'thread.reply': ['secretariat', 'delegate', 'partner'],
  'thread.respond': ['secretariat'],
  'thread.moderate': ['secretariat'],
  'vote.cast': ['delegate'],
  'vote.manage': ['secretariat'],
  'auditLog.read': ['secretariat'],
  'consultation.manage': ['secretariat'],
};

export function decide(actor: Actor, action: Action, _context: PolicyContext = {}): Decision {
  if (GRANTS[action].includes(actor.role)) return { allowed: true };
  return { allowed: false, reason: `role "${actor.role}" may not ${action}` };
}

export function can(actor: Actor, action: Action, context: PolicyContext = {}): boolean {
  return decide(actor, action, context).allowed;
}

/** The set of actions an actor may take, for the client to mirror. */
export function capabilities(actor: Actor, context: PolicyContext = {}): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(actor, a, context)])) as Record<Action, boolean>;
}
