import type { VersionSummary } from '@accord/shared';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { comparePath, navigate } from '../app/router.ts';
import { FormError } from '../comments/forms.tsx';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { type CompareView, compareSearch, DRAFT } from './compareQuery.ts';
import { versionTitle } from './format.ts';

interface ComparePickerProps {
  consultationId: string;
  /** Newest first. */
  versions: readonly VersionSummary[];
  /** What the selects start at (key the picker on them to start again when they change). */
  from: string;
  to: string;
  /** The comparison page's view options, kept when comparing two other texts. */
  view?: CompareView;
  onlyChanged?: boolean;
  headingLevel: 2 | 3;
}

/**
 * "Compare…": two selects, from and to, each offering every version and the current draft, and
 * the button that opens their comparison.
 */
export function ComparePicker({
  consultationId,
  versions,
  from: initialFrom,
  to: initialTo,
  view = 'side',
  onlyChanged = true,
  headingLevel,
}: ComparePickerProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateTimeFormat();
  const Heading = `h${headingLevel}` as const;
  const headingId = useId();
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const [same, setSame] = useState(false);

  const options = [
    ...versions.map((version) => ({
      value: version.id,
      label: t('versions.picker.option', {
        title: versionTitle(version.title, language, t).text,
        date: formatDate(version.publishedAt),
      }),
    })),
    { value: DRAFT, label: t('compare.currentDraft') },
  ];
  // A side the list does not have (a link to a version not listed): still shown as chosen.
  for (const value of new Set([initialFrom, initialTo]))
    if (!options.some((option) => option.value === value)) options.push({ value, label: t('compare.unknownVersion') });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (from === to) return setSame(true);
    navigate(comparePath(consultationId, compareSearch({ from, to, view, onlyChanged })));
    window.scrollTo(0, 0);
  };

  const select = (id: string, label: string, value: string, set: (value: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={same || undefined}
        onChange={(event) => {
          set(event.target.value);
          setSame(false);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section className="compare-picker" aria-labelledby={headingId}>
      <Heading id={headingId}>{t('versions.picker.heading')}</Heading>
      <form className="compare-picker-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
        {select(fromId, t('versions.picker.from'), from, setFrom)}
        {select(toId, t('versions.picker.to'), to, setTo)}
        <button type="submit" className="primary">
          {t('versions.picker.submit')}
        </button>
      </form>
      <FormError message={same && t('versions.picker.same')} />
    </section>
  );
}
