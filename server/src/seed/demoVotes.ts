import { randomUUID } from 'node:crypto';
import { computeVoteResult, type LocalizedText, type VoteChoice, type VoteRule } from '@accord/shared';
import type { AuditRecord, Storage, VoteRecord } from '../storage/Storage.ts';
import { DEMO_CONSULTATION } from './demoConsultation.ts';

/**
 * Two votes so a new user sees both kinds at once: one closed (the workshop adopted the
 * secretariat's answer to The Nature Conservancy on 5.3.2, Myanmar abstaining), one still open
 * on the answer to Lao PDR's wording for principle 3 (4.3), which Lao PDR and Cambodia have
 * voted on and the other four delegations can try.
 */
interface DemoVote {
  thread: { authorId: string; clauseId: string };
  question: LocalizedText;
  rule: VoteRule;
  advisory: boolean;
  ballots: { personId: string; stakeholderId: string; choice: VoteChoice }[];
  closed: boolean;
}

const SECRETARIAT = 'p-secretariat';
/** The workshop after the 2017 round closed (10 September). */
const WORKSHOP = Date.UTC(2017, 8, 14, 2, 0, 0);

const ballot = (stakeholderId: string, choice: VoteChoice) => ({
  personId: `p-${stakeholderId}`,
  stakeholderId,
  choice,
});

export const DEMO_VOTES: DemoVote[] = [
  {
    thread: { authorId: 'p-tnc', clauseId: 'pa-3-2' },
    question: {
      en: "Do the member states agree with the secretariat's response to The Nature Conservancy on 5.3.2 (partially accepted)?",
      zh: '成员国是否同意秘书处对大自然保护协会关于5.3.2条意见的答复（部分接受）？',
    },
    rule: { kind: 'consensus', quorum: 4 },
    advisory: false,
    ballots: [
      ballot('china', 'agree'),
      ballot('cambodia', 'agree'),
      ballot('laos', 'agree'),
      ballot('myanmar', 'abstain'),
      ballot('thailand', 'agree'),
      ballot('vietnam', 'agree'),
    ],
    closed: true,
  },
  {
    thread: { authorId: 'p-laos', clauseId: 'principle-3' },
    question: {
      en: 'Do the member states agree to add access and benefit-sharing to cooperative principle 3, as Lao PDR proposed?',
      zh: '成员国是否同意按老挝的建议，在合作原则第3条中加入“获取与惠益分享”？',
    },
    rule: { kind: 'consensus', quorum: 4 },
    advisory: true,
    ballots: [
      ballot('laos', 'agree'),
      ballot('cambodia', 'agree'),
      { personId: 'p-tnc', stakeholderId: 'tnc', choice: 'agree' },
    ],
    closed: false,
  },
];

export async function seedDemoVotes(storage: Storage): Promise<void> {
  const consultationId = DEMO_CONSULTATION.id;
  const threads = await storage.listThreads(consultationId);
  const memberStates = (await storage.listStakeholders()).filter((s) => s.kind === 'member_state').map((s) => s.id);
  let at = WORKSHOP;
  for (const demo of DEMO_VOTES) {
    const found = threads.find(
      ({ thread }) => thread.authorId === demo.thread.authorId && thread.clauseId === demo.thread.clauseId,
    );
    if (!found) throw new Error(`no demo thread by ${demo.thread.authorId} on ${demo.thread.clauseId}`);
    const threadId = found.thread.id;
    const audit = (actorId: string, action: AuditRecord['action'], detail: Record<string, unknown>) => ({
      consultationId,
      actorId,
      action,
      target: `vote:${vote.id}`,
      reason: null,
      detail,
      at,
    });
    const vote: VoteRecord = {
      id: randomUUID(),
      consultationId,
      subject: { kind: 'response', threadId },
      subjectKey: threadId,
      question: demo.question,
      rule: demo.rule,
      advisory: demo.advisory,
      memberStates,
      openedById: SECRETARIAT,
      openedAt: at,
      closesAt: null,
      closed: null,
      supersedes: null,
    };
    await storage.createVote(vote, audit(SECRETARIAT, 'vote.open', { subject: vote.subject, rule: vote.rule }));
    for (const { personId, stakeholderId, choice } of demo.ballots) {
      at += 40_000;
      await storage.castBallot({ voteId: vote.id, stakeholderId, choice, personId, at }, (previous) =>
        audit(personId, 'vote.ballot', {
          stakeholderId,
          from: previous,
          to: choice,
          advisory: !memberStates.includes(stakeholderId),
        }),
      );
    }
    if (demo.closed) {
      at += 60_000;
      await storage.closeVote(
        vote.id,
        { at, byId: SECRETARIAT },
        (ballots) => computeVoteResult(vote.rule, memberStates, ballots),
        (result) => audit(SECRETARIAT, 'vote.close', { result }),
      );
    }
    at += 15 * 60_000;
  }
}
