import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { FormActions, FormError, TextAreaField, useProblem } from '../comments/forms.tsx';
import { useLanguage } from '../i18n/useLanguage.ts';
import { describeVersionError, versionTitle } from './format.ts';
import type { VersionStore } from './useVersions.ts';
import { publishVersion } from './versionsApi.ts';

/** A version's card on the Versions page: the element id its `#version-<id>` anchor names. */
export const versionElementId = (versionId: string) => `version-${versionId}`;

/** Moves focus to a version's card once the list has redrawn with it. */
export function focusVersionCard(versionId: string): void {
  requestAnimationFrame(() => document.getElementById(versionElementId(versionId))?.focus());
}

/**
 * The secretariat's form that freezes the current draft as a version: what that means first,
 * then its title in English and in Chinese (one of them at least) and a note. Once published,
 * the new version is in the list at once, focus goes to its card and the form empties.
 */
export function PublishVersionForm({ consultationId, store }: { consultationId: string; store: VersionStore }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const headingId = useId();
  const explanationId = useId();
  const titleHintId = useId();
  const enId = useId();
  const zhId = useId();
  const [en, setEn] = useState('');
  const [zh, setZh] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem, fixing] = useProblem<'title'>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [published, setPublished] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const title = { en: en.trim(), zh: zh.trim() };
    if (title.en === '' && title.zh === '') return setProblem('title');
    setProblem(null);
    setPending(true);
    setError(null);
    setPublished('');
    const seq = store.beginRequest();
    try {
      const version = await publishVersion(consultationId, { title, note: note.trim() });
      store.apply(version, seq);
      setEn('');
      setZh('');
      setNote('');
      setPublished(t('versions.publish.published', { title: versionTitle(version.title, language, t).text }));
      focusVersionCard(version.id);
    } catch (caught) {
      if (!(caught instanceof ApiRequestError)) console.error(caught);
      setError(describeVersionError(caught, t));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="version-publish" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('versions.publish.heading')}</h3>
      <p id={explanationId} className="version-publish-explanation">
        {t('versions.publish.explanation')}
      </p>
      <form
        className="version-form"
        aria-labelledby={headingId}
        aria-describedby={explanationId}
        onSubmit={submit}
        noValidate
      >
        <div className="field">
          <label htmlFor={enId}>{t('versions.publish.titleEn')}</label>
          <input
            id={enId}
            type="text"
            lang="en"
            maxLength={300}
            value={en}
            aria-invalid={problem === 'title' || undefined}
            aria-describedby={titleHintId}
            onChange={(event) => fixing(setEn)(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={zhId}>{t('versions.publish.titleZh')}</label>
          <input
            id={zhId}
            type="text"
            lang="zh"
            maxLength={300}
            value={zh}
            aria-invalid={problem === 'title' || undefined}
            aria-describedby={titleHintId}
            onChange={(event) => fixing(setZh)(event.target.value)}
          />
        </div>
        <p id={titleHintId} className="version-hint">
          {t('versions.publish.titleHint')}
        </p>
        <TextAreaField
          label={t('versions.publish.note')}
          hint={t('versions.publish.noteHint')}
          rows={3}
          value={note}
          invalid={false}
          onChange={setNote}
        />
        <FormError message={problem === 'title' && t('versions.publish.errors.title')} />
        <FormError message={error} />
        <FormActions label={t('versions.publish.submit')} className="primary" disabled={pending} />
        <p role="status" className="version-published">
          {published}
        </p>
      </form>
    </section>
  );
}
