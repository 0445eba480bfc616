import type { Language } from '@accord/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from './i18n.ts';

/** The UI language and a setter that also updates `<html lang>` and remembers the choice. */
export function useLanguage(): [Language, (language: Language) => void] {
  const { i18n } = useTranslation();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const setLanguage = useCallback((language: Language) => void i18n.changeLanguage(language), [i18n]);
  return [current, setLanguage];
}
