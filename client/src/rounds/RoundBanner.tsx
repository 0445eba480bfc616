import './rounds.css';
import { effectiveRoundState, type Language, type Role, type Round, type RoundState } from '@accord/shared';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollabSession } from '../collab/CollabSession.ts';
import { fillSlots } from '../comments/format.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { useTicking } from '../votes/clock.ts';
import { roundTimeLeft, whatYouMayDo } from './format.ts';
import { useRoundStore, useRounds } from './useRounds.ts';

/** A round's title in the reader's language, else the other one, else "Untitled round". */
export function roundTitle(round: Pick<Round, 'title'>, language: Language): { text: string; lang?: string } {
  const other = language === 'en' ? 'zh' : 'en';
  if (round.title[language] !== '') return { text: round.title[language] };
  if (round.title[other] !== '') return { text: round.title[other], lang: other === 'zh' ? 'zh-Hans' : 'en' };
  return { text: '' };
}

/**
 * On the framework page, while the consultation has a current round: its title, state, dates,
 * the time left until its next transition (counted by the server's clock) and what the reader
 * may do now. Follows `rounds.changed`; `onStateChange` runs whenever the current round's
 * effective state changes (a new round, a transition by hand or by date), for the page to fetch
 * its capabilities again. Shows nothing without a round.
 */
export function RoundBanner({
  consultationId,
  collab,
  role,
  onStateChange,
}: {
  consultationId: string;
  collab: CollabSession;
  role: Role;
  onStateChange: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateTimeFormat();
  const store = useRoundStore(consultationId, collab);
  const { status, current, clockOffset } = useRounds(store);
  const ticking = current !== null && (current.state === 'drafting' || current.state === 'open');
  const now = useTicking(ticking) + clockOffset;
  const state: RoundState | null = current === null ? null : effectiveRoundState(current, now);
  const loaded = status === 'loaded' || status === 'stale';
  const key = loaded ? `${current?.id ?? ''}:${state ?? 'none'}` : null;

  const seen = useRef<string | null>(null);
  const onChange = useRef(onStateChange);
  useEffect(() => {
    onChange.current = onStateChange;
  }, [onStateChange]);
  useEffect(() => {
    if (key === null) return;
    const before = seen.current;
    seen.current = key;
    if (before !== null && before !== key) onChange.current();
  }, [key]);

  if (current === null || state === null) return null;
  const title = roundTitle(current, language);
  const timeLeft = roundTimeLeft({ ...current, state }, now, t);
  return (
    <section
      className={`round-banner round-${state}`}
      data-testid="round-banner"
      data-state={state}
      aria-label={t('rounds.banner.label')}
    >
      <p className="round-banner-head">
        <strong lang={title.lang}>{title.text || t('rounds.untitled')}</strong>{' '}
        <span className="round-state">{t(`rounds.state.${state}`)}</span>{' '}
        <span className="round-dates">
          {fillSlots(t('rounds.banner.dates'), {
            opens: <time dateTime={new Date(current.opensAt).toISOString()}>{formatDate(current.opensAt)}</time>,
            closes: <time dateTime={new Date(current.closesAt).toISOString()}>{formatDate(current.closesAt)}</time>,
          })}
        </span>
      </p>
      {timeLeft !== null && (
        <p className="round-time-left" data-testid="round-time-left">
          {timeLeft}
        </p>
      )}
      <p className="round-may-do">{whatYouMayDo(role, state, t)}</p>
    </section>
  );
}
