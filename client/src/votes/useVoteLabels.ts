import type { VoteSubject } from '@accord/shared';
import { useCallback, useMemo } from 'react';
import { useLanguage } from '../i18n/useLanguage.ts';
import type { SubjectInfo } from './format.ts';
import { useThreadOf, useVotesEnv } from './votesContext.ts';

/** A stakeholder's name in the reader's language ("Lao PDR" / "老挝"); its id if unknown. */
export function useStakeholderName(): (stakeholderId: string) => string {
  const { stakeholders } = useVotesEnv();
  const [language] = useLanguage();
  const byId = useMemo(() => new Map(stakeholders.map((s) => [s.id, s])), [stakeholders]);
  return useCallback(
    (stakeholderId: string) => byId.get(stakeholderId)?.name[language] ?? stakeholderId,
    [byId, language],
  );
}

/** The numbers that name a subject: its thread's ("#3") and its clause's ("4.3"), where known. */
export function useSubjectInfo(subject: VoteSubject): SubjectInfo {
  const { threads, clauseNumbers } = useVotesEnv();
  const threadId = subject.kind === 'response' || subject.kind === 'proposal' ? subject.threadId : null;
  const thread = useThreadOf(threads, threadId);
  const threadNumber =
    threadId === null || threads === null || thread === undefined ? null : threads.numberOf(threadId);
  let clauseNumber: string | null = null;
  if (subject.kind === 'clause') clauseNumber = clauseNumbers.get(subject.clauseId) ?? null;
  else if (thread !== undefined) clauseNumber = clauseNumbers.get(thread.clauseId) ?? null;
  return { threadNumber, clauseNumber };
}
