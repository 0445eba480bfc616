import '../matrix/matrix.css';
import '../comments/comments.css';
import './rounds.css';
import type { ConsultationResponse, Round, RoundState, UpdateRoundRequest } from '@accord/shared';
import { type FormEvent, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import type { ConsultationPageProps } from '../app/PageNotLoaded.tsx';
import type { CollabSession } from '../collab/CollabSession.ts';
import { fillSlots } from '../comments/format.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { LivePage, RefreshFailed } from '../matrix/LivePage.tsx';
import { LiveStatus } from '../matrix/LiveStatus.tsx';
import { useConsultationLivePage, useSessionExpiryOf } from '../matrix/useConsultationLivePage.ts';
import { fromDateTimeLocal, nextRoundState, toDateTimeLocal } from './format.ts';
import { roundTitle } from './RoundBanner.tsx';
import { createRound, updateRound } from './roundsApi.ts';
import { type RoundStore, useRoundStore, useRounds } from './useRounds.ts';

/** Runs a change of rounds, then fetches them again; a refusal is said through `errorMessage`. */
function useRoundAction(store: RoundStore) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setPending(true);
      setError(null);
      try {
        await action();
        void store.loadAll();
        return true;
      } catch (caught) {
        if (!(caught instanceof ApiRequestError)) console.error(caught);
        setError(errorMessage(caught, t));
        return false;
      } finally {
        setPending(false);
      }
    },
    [store, t],
  );
  return { run, pending, error };
}

/**
 * `/consultations/:id/rounds`: the consultation's rounds, live, the current one marked; for the
 * secretariat, the form that creates a round and, per round, the buttons that move it on and
 * change its dates.
 */
export function RoundsPage(props: ConsultationPageProps) {
  const { consultationId, onSessionExpired } = props;
  const { collab, state, reload, header } = useConsultationLivePage(consultationId, props.session, onSessionExpired);
  const store = useRoundStore(consultationId, collab);
  const { error } = useRounds(store);
  useSessionExpiryOf(error, onSessionExpired);

  return (
    <LivePage {...props} page="rounds" collab={collab} state={state} onRetry={reload} header={header}>
      {(consultation) => <RoundsBody consultation={consultation} collab={collab} store={store} />}
    </LivePage>
  );
}

function RoundsBody({
  consultation,
  collab,
  store,
}: {
  consultation: ConsultationResponse;
  collab: CollabSession | null;
  store: RoundStore;
}) {
  const { t } = useTranslation();
  const { status, rounds, current, error } = useRounds(store);
  const headingId = useId();
  const listId = useId();
  const consultationId = consultation.consultation.id;
  // A server that does not know rounds yet sends no such capability: no form.
  const canManage = consultation.capabilities['round.manage'] === true;
  const loaded = status === 'loaded' || status === 'stale';

  return (
    <>
      <section className="versions-intro" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('rounds.title')}</h2>
        <p>{t('rounds.intro')}</p>
      </section>
      <LiveStatus collab={collab} messages="rounds" />
      {canManage && <NewRoundForm consultationId={consultationId} store={store} />}
      {status === 'stale' && <RefreshFailed message={t('rounds.refreshFailed')} onRetry={() => void store.retry()} />}
      {status === 'loading' && <p role="status">{t('rounds.loading')}</p>}
      {status === 'failed' && (
        <div role="alert" className="form-error">
          <p>
            {t('rounds.loadFailed')} {errorMessage(error, t)}
          </p>
          <button type="button" onClick={() => void store.retry()}>
            {t('errors.retry')}
          </button>
        </div>
      )}
      {loaded && (
        <section aria-labelledby={listId}>
          <h3 id={listId}>{t('rounds.listHeading')}</h3>
          {rounds.length === 0 ? (
            <p className="notice">{t('rounds.none')}</p>
          ) : (
            <ol className="round-list">
              {rounds.map((round) => {
                const shown = current?.id === round.id ? current : round;
                return (
                  <li key={round.id} data-testid="round-item" data-round-id={round.id} data-state={shown.state}>
                    <RoundCard
                      consultationId={consultationId}
                      round={shown}
                      isCurrent={current?.id === round.id}
                      canManage={canManage}
                      store={store}
                    />
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      )}
    </>
  );
}

function RoundCard({
  consultationId,
  round,
  isCurrent,
  canManage,
  store,
}: {
  consultationId: string;
  round: Round;
  isCurrent: boolean;
  canManage: boolean;
  store: RoundStore;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateTimeFormat();
  const titleId = useId();
  const action = useRoundAction(store);
  const [editing, setEditing] = useState(false);
  const title = roundTitle(round, language);
  const next = nextRoundState(round.state);
  const update = (request: UpdateRoundRequest) => action.run(() => updateRound(consultationId, round.id, request));

  return (
    <article className="round-card" aria-labelledby={titleId}>
      <h4 id={titleId}>
        <span lang={title.lang}>{title.text || t('rounds.untitled')}</span>
        {isCurrent && <span className="round-current">{t('rounds.current')}</span>}
      </h4>
      <p>
        <span className="round-state">{t(`rounds.state.${round.state}`)}</span>
        {' · '}
        {fillSlots(t('rounds.dates'), {
          opens: <time dateTime={new Date(round.opensAt).toISOString()}>{formatDate(round.opensAt)}</time>,
          closes: <time dateTime={new Date(round.closesAt).toISOString()}>{formatDate(round.closesAt)}</time>,
        })}
      </p>
      {canManage && (
        <div className="round-actions">
          {next !== null && (
            <button
              type="button"
              disabled={action.pending}
              aria-describedby={titleId}
              onClick={() => void update({ state: next })}
            >
              {t(`rounds.moveTo.${next}`)}
            </button>
          )}
          {!editing && (
            <button type="button" aria-describedby={titleId} onClick={() => setEditing(true)}>
              {t('rounds.edit')}
            </button>
          )}
        </div>
      )}
      {canManage && editing && (
        <RoundEditForm
          round={round}
          pending={action.pending}
          onCancel={() => setEditing(false)}
          onSave={async (changes) => {
            if (await update(changes)) setEditing(false);
          }}
        />
      )}
      {action.error !== null && (
        <p role="alert" className="form-error">
          {action.error}
        </p>
      )}
    </article>
  );
}

/**
 * The secretariat changes a round: its title in both languages and its dates. Only what changed
 * is sent (the audit entry lists those fields); nothing changed closes the form.
 */
function RoundEditForm({
  round,
  pending,
  onCancel,
  onSave,
}: {
  round: Round;
  pending: boolean;
  onCancel: () => void;
  onSave: (changes: UpdateRoundRequest) => Promise<void>;
}) {
  const { t } = useTranslation();
  const fields = useRoundFields({ title: round.title, opensAt: round.opensAt, closesAt: round.closesAt });
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = fields.read();
    if ('problem' in read) return setProblem(read.problem);
    setProblem(null);
    const { title, opensAt, closesAt } = read;
    const changes: UpdateRoundRequest = {
      ...(title.en !== round.title.en || title.zh !== round.title.zh ? { title } : {}),
      // Compared as shown (to the minute): an untouched field never moves the date by its seconds.
      ...(fields.opens !== toDateTimeLocal(round.opensAt) ? { opensAt } : {}),
      ...(fields.closes !== toDateTimeLocal(round.closesAt) ? { closesAt } : {}),
    };
    if (Object.keys(changes).length === 0) return onCancel();
    void onSave(changes);
  };
  return (
    <form className="round-dates-form" onSubmit={submit}>
      {fields.inputs}
      {problem !== null && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <div className="round-actions">
        <button type="submit" disabled={pending}>
          {pending ? t('rounds.moving') : t('rounds.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('rounds.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * A round's title (both languages) and dates as form fields, for creating a round and changing
 * one: the inputs, and `read()` giving the title and dates or why they cannot be a round's.
 */
function useRoundFields(initial: { title: { en: string; zh: string }; opensAt: number; closesAt: number }) {
  const { t } = useTranslation();
  const [titleEn, setTitleEn] = useState(initial.title.en);
  const [titleZh, setTitleZh] = useState(initial.title.zh);
  const [opens, setOpens] = useState(() => toDateTimeLocal(initial.opensAt));
  const [closes, setCloses] = useState(() => toDateTimeLocal(initial.closesAt));
  const inputs = (
    <>
      <label>
        {t('rounds.form.titleEn')}{' '}
        <input type="text" lang="en" maxLength={300} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} />
      </label>
      <label>
        {t('rounds.form.titleZh')}{' '}
        <input
          type="text"
          lang="zh-Hans"
          maxLength={300}
          value={titleZh}
          onChange={(e) => setTitleZh(e.target.value)}
        />
      </label>
      <label>
        {t('rounds.form.opensAt')}{' '}
        <input type="datetime-local" required value={opens} onChange={(e) => setOpens(e.target.value)} />
      </label>
      <label>
        {t('rounds.form.closesAt')}{' '}
        <input type="datetime-local" required value={closes} onChange={(e) => setCloses(e.target.value)} />
      </label>
    </>
  );
  const read = (): { title: { en: string; zh: string }; opensAt: number; closesAt: number } | { problem: string } => {
    const title = { en: titleEn.trim(), zh: titleZh.trim() };
    const opensAt = fromDateTimeLocal(opens);
    const closesAt = fromDateTimeLocal(closes);
    if (title.en === '' && title.zh === '') return { problem: t('rounds.form.needTitle') };
    if (opensAt === null || closesAt === null || opensAt >= closesAt) return { problem: t('rounds.form.needDates') };
    return { title, opensAt, closesAt };
  };
  const clearTitle = () => {
    setTitleEn('');
    setTitleZh('');
  };
  return { inputs, read, clearTitle, opens, closes };
}

const INITIAL_STATES: readonly RoundState[] = ['drafting', 'open'];

/** The secretariat's form: title in both languages, opening and closing, drafting or open at once. */
function NewRoundForm({ consultationId, store }: { consultationId: string; store: RoundStore }) {
  const { t } = useTranslation();
  const headingId = useId();
  const action = useRoundAction(store);
  const fields = useRoundFields({
    title: { en: '', zh: '' },
    opensAt: Date.now(),
    closesAt: Date.now() + 14 * 86_400_000,
  });
  const [initial, setInitial] = useState<RoundState>('drafting');
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(false);
    const read = fields.read();
    if ('problem' in read) return setProblem(read.problem);
    setProblem(null);
    const done = await action.run(() => createRound(consultationId, { ...read, state: initial }));
    if (done) {
      fields.clearTitle();
      setCreated(true);
    }
  };

  return (
    <section className="round-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('rounds.form.heading')}</h3>
      <form onSubmit={(event) => void submit(event)}>
        {fields.inputs}
        <label>
          {t('rounds.form.initialState')}{' '}
          <select value={initial} onChange={(e) => setInitial(e.target.value as RoundState)}>
            {INITIAL_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`rounds.state.${state}`)}
              </option>
            ))}
          </select>
        </label>
        {(problem ?? action.error) !== null && (
          <p role="alert" className="form-error">
            {problem ?? action.error}
          </p>
        )}
        <button type="submit" className="primary" disabled={action.pending}>
          {t('rounds.form.create')}
        </button>
        <p role="status">{created ? t('rounds.form.created') : ''}</p>
      </form>
    </section>
  );
}
