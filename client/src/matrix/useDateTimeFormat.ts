import { useMemo } from 'react';
import { useLanguage } from '../i18n/useLanguage.ts';

/**
 * Formats epoch milliseconds as a date and time in the UI language. English as in Britain:
 * day before month and a 24-hour clock, which no delegation misreads.
 */
export function useDateTimeFormat(): (at: number) => string {
  const [language] = useLanguage();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    return (at: number) => format.format(new Date(at));
  }, [language]);
}
