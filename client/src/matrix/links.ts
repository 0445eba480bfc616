import { consultationPath } from '../app/router.ts';

/** A clause on the framework page (its row's id). */
export function clausePath(consultationId: string, clauseId: string): string {
  return `${consultationPath(consultationId)}#clause-${encodeURIComponent(clauseId)}`;
}

/** A thread on the framework page: the page opens it from the `#thread-…` fragment. */
export function threadPath(consultationId: string, threadId: string): string {
  return `${consultationPath(consultationId)}#thread-${encodeURIComponent(threadId)}`;
}
