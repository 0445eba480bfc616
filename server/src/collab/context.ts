import type { Person, PresenceUser } from '@accord/shared';

/** What every sync connection carries, set from the session on upgrade, never from the client. */
export interface CollabContext {
  person: Person;
  presence: PresenceUser;
}
