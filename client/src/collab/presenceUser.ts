import { type PresenceUser, roleSchema, type SessionResponse } from '@accord/shared';

/** Reads an awareness `user` field: set by the server, but still data off the wire. */
export function readPresenceUser(value: unknown): PresenceUser | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const role = roleSchema.safeParse(v.role);
  const nullableString = (x: unknown): x is string | null => x === null || typeof x === 'string';
  if (typeof v.personId !== 'string' || typeof v.name !== 'string' || !role.success) return null;
  if (!nullableString(v.stakeholderId) || !nullableString(v.stakeholderName)) return null;
  return {
    personId: v.personId,
    name: v.name,
    role: role.data,
    stakeholderId: v.stakeholderId,
    stakeholderName: v.stakeholderName,
  };
}

/** How a signed-in person shows to others in a consultation: in its presence list and carets. */
export function presenceUserOf({ person, stakeholder }: SessionResponse): PresenceUser {
  return {
    personId: person.id,
    name: person.name,
    role: person.role,
    stakeholderId: person.stakeholderId,
    stakeholderName: stakeholder?.name.en ?? null,
  };
}
