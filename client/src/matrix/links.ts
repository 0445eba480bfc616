import { consultationPath } from '../app/router.ts';

/** A thread on the framework page: the page opens it from the `#thread-…` fragment. */
export function threadPath(consultationId: string, threadId: string): string {
  return `${consultationPath(consultationId)}#thread-${encodeURIComponent(threadId)}`;
}
