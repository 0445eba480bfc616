import { effectiveRoundState, type Role, type Round, type RoundState } from '@accord/shared';
import type { TFunction } from 'i18next';

/** Pure helpers of the rounds' UI: the next state, time left, what the reader may do now. */

/** The state a round moves on to by hand (none after `closed`). */
export function nextRoundState(state: RoundState): Exclude<RoundState, 'drafting'> | null {
  switch (state) {
    case 'drafting':
      return 'open';
    case 'open':
      return 'consolidation';
    case 'consolidation':
      return 'closed';
    case 'closed':
      return null;
  }
}

/** The next transition by date, at `now` (server clock): drafting opens, open closes; none otherwise. */
export function nextTransition(
  round: Pick<Round, 'state' | 'opensAt' | 'closesAt'>,
  now: number,
): { kind: 'opens' | 'closes'; at: number } | null {
  const state = effectiveRoundState(round, now);
  if (state === 'drafting') return { kind: 'opens', at: round.opensAt };
  if (state === 'open') return { kind: 'closes', at: round.closesAt };
  return null;
}

/** A duration as people say it: "3 days 4 h", "2 h 5 min", "4 min 30 s", "12 s"; rounded up to the second. */
export function formatDuration(ms: number, t: TFunction): string {
  const total = Math.max(1, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (days > 0) return t('rounds.duration.days', { count: days, h });
  if (h > 0) return t('rounds.duration.hours', { h, m });
  if (m > 0) return t('rounds.duration.minutes', { m, s });
  return t('rounds.duration.seconds', { s });
}

/** "Comments close in 3 days 4 h" / "Opens for comments in 2 h"; null when no date moves the round on. */
export function roundTimeLeft(
  round: Pick<Round, 'state' | 'opensAt' | 'closesAt'>,
  now: number,
  t: TFunction,
): string | null {
  const next = nextTransition(round, now);
  if (next === null) return null;
  const duration = formatDuration(next.at - now, t);
  return next.kind === 'opens' ? t('rounds.timeLeft.opens', { duration }) : t('rounds.timeLeft.closes', { duration });
}

/** One sentence of what a person of `role` may do in a round in `state`. */
export function whatYouMayDo(role: Role, state: RoundState, t: TFunction): string {
  return t(`rounds.mayDo.${role}.${state}`);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms as a `datetime-local` input's value, in this browser's time zone ("2026-11-25T14:05"). */
export function toDateTimeLocal(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` input's value as epoch ms (this browser's time zone); null if empty or invalid. */
export function fromDateTimeLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const at = new Date(value).getTime();
  return Number.isFinite(at) && at > 0 ? at : null;
}
