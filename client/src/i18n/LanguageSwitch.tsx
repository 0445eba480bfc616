import { LANGUAGES } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from './i18n.ts';
import { useLanguage } from './useLanguage.ts';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const [language, setLanguage] = useLanguage();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('languageSwitch.label')}</label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((option) => (
          // Each language is named in itself, so a reader can find theirs whatever the UI shows.
          <option key={option} value={option} lang={option}>
            {t(`languageSwitch.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
