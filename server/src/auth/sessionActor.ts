import type { Actor, Person } from '@accord/shared';
import type { Request } from 'express';
import { unauthenticated } from '../http/errors.ts';

declare global {
  namespace Express {
    // What passport puts on req.user: the person, loaded fresh from storage each request.
    interface User extends Person {}
  }
}

export function actorOf(person: Person): Actor {
  return { personId: person.id, role: person.role, stakeholderId: person.stakeholderId };
}

/** The signed-in person, or a 401. */
export function requirePerson(req: Request): Person {
  if (!req.user) throw unauthenticated();
  return req.user;
}
