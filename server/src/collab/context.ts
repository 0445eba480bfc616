import type { Person, PresenceUser } from '@accord/shared';

/** What every sync connection carries, set from the session on upgrade, never from the client. */
export interface CollabContext {
  person: Person;
  presence: PresenceUser;
  /** Shared by every document of the socket (contexts are copied shallowly): set on sign-out. */
  session: { revoked: boolean };
}
