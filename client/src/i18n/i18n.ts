import { LANGUAGES, type Language } from '@accord/shared';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zh } from './zh.ts';

const STORAGE_KEY = 'accord.language';

export const resources = { en: { translation: en }, zh: { translation: zh } } as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's preference, else English. */
function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be unavailable (private mode, blocked cookies): fall through.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function reflectLanguage(language: string): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.name');
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered across visits, but the switch still works for this one.
  }
}

i18next.on('languageChanged', reflectLanguage);

// Resources are bundled, so initialisation is synchronous and the first render is translated.
void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes.
  returnNull: false,
});

export { i18next };
