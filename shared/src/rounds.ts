import { z } from 'zod';
import type { LocalizedText } from './model.ts';

/**
 * Consultation rounds: the secretariat gives a consultation rounds with a title, open and close
 * dates and a state; what each role may do follows the state of the current round (rules in
 * `permissions.ts`). Rounds are optional: a consultation without any round (no current round)
 * works as a workshop, with no round rule at all.
 *
 * - `drafting`: delegates and the secretariat edit the text; no comments yet.
 * - `open`: open for comments; only the secretariat still corrects the text.
 * - `consolidation`: only the secretariat responds, edits and comments.
 * - `closed`: read only.
 */
export const ROUND_STATES = ['drafting', 'open', 'consolidation', 'closed'] as const;
export const roundStateSchema = z.enum(ROUND_STATES);
export type RoundState = z.infer<typeof roundStateSchema>;

export interface Round {
  id: string;
  consultationId: string;
  title: LocalizedText;
  /** Epoch milliseconds: a `drafting` round is `open` from then. */
  opensAt: number;
  /** Epoch milliseconds: an `open` (or `drafting`) round is in `consolidation` from then. */
  closesAt: number;
  /** As stored: read it through `effectiveRoundState`, which applies the dates. */
  state: RoundState;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A round as the API sends it: `state` is the effective state at `serverNow`. */
export interface RoundListResponse {
  rounds: Round[];
  /** The current round (see `currentRound`), with its effective state; null: no rounds, no round rule. */
  current: Round | null;
  serverNow: number;
}

const NUL_FREE = (value: string) => !value.includes('\u0000');
const titleText = () => z.string().trim().max(300).refine(NUL_FREE, 'must not contain NUL characters');
const roundTitleSchema = z
  .object({ en: titleText(), zh: titleText() })
  .refine((t) => t.en !== '' || t.zh !== '', { message: 'give the title in Chinese or English' });
const epochMs = () => z.number().int().positive().max(8_640_000_000_000_000);

export const createRoundRequestSchema = z
  .object({
    title: roundTitleSchema,
    opensAt: epochMs(),
    closesAt: epochMs(),
    /** Rounds start in `drafting` unless the secretariat says otherwise. */
    state: roundStateSchema.default('drafting'),
  })
  .strict()
  .refine((r) => r.opensAt < r.closesAt, { message: 'opensAt must be before closesAt', path: ['closesAt'] });
export type CreateRoundRequest = z.input<typeof createRoundRequestSchema>;
export type CreateRoundInput = z.output<typeof createRoundRequestSchema>;

export const updateRoundRequestSchema = z
  .object({
    title: roundTitleSchema.optional(),
    opensAt: epochMs().optional(),
    closesAt: epochMs().optional(),
    state: roundStateSchema.optional(),
  })
  .strict()
  .refine((r) => Object.values(r).some((v) => v !== undefined), { message: 'change at least one field' })
  .refine((r) => r.opensAt === undefined || r.closesAt === undefined || r.opensAt < r.closesAt, {
    message: 'opensAt must be before closesAt',
    path: ['closesAt'],
  });
export type UpdateRoundRequest = z.infer<typeof updateRoundRequestSchema>;

/**
 * The state a round is in at `now`, dates applied: a stored `drafting` round is `open` from
 * `opensAt`; a stored `drafting` or `open` round is in `consolidation` from `closesAt` (comments
 * close on the date). `consolidation` and `closed` stay: the secretariat closes a round by hand.
 */
export function effectiveRoundState(round: Pick<Round, 'state' | 'opensAt' | 'closesAt'>, now: number): RoundState {
  if (round.state === 'consolidation' || round.state === 'closed') return round.state;
  if (now >= round.closesAt) return 'consolidation';
  if (round.state === 'drafting' && now >= round.opensAt) return 'open';
  return round.state;
}

/**
 * The current round at `now`, with its effective state: the most recently opened round (latest
 * `opensAt`, then latest created) that is not `closed`. When every round is closed, the most
 * recently opened one: a consultation whose last round closed stays read-only (`closed`) until
 * the secretariat opens another round or reopens that one. Null only without any round: no
 * round rule applies (a workshop).
 */
export function currentRound(rounds: readonly Round[], now: number): Round | null {
  const latest = (candidates: readonly Round[]): Round | null => {
    let found: Round | null = null;
    for (const round of candidates)
      if (
        found === null ||
        round.opensAt > found.opensAt ||
        (round.opensAt === found.opensAt && round.createdAt > found.createdAt)
      )
        found = round;
    return found;
  };
  const current = latest(rounds.filter((r) => r.state !== 'closed')) ?? latest(rounds);
  return current === null ? null : { ...current, state: effectiveRoundState(current, now) };
}

/** Labels for exports and audit details (the client has its own i18n). */
export const ROUND_STATE_LABELS: Record<RoundState, LocalizedText> = {
  drafting: { en: 'Drafting', zh: '起草' },
  open: { en: 'Open for comments', zh: '征求意见' },
  consolidation: { en: 'Consolidation', zh: '汇总整理' },
  closed: { en: 'Closed', zh: '已结束' },
};
