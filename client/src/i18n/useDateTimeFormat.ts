import { useMemo } from 'react';
import { useLanguage } from './useLanguage.ts';

/**
 * Formats epoch milliseconds as a date and time in the UI language: "5 Mar 2025, 14:05" /
 * "2025年3月5日 14:05". English as in Britain: day before month and a 24-hour clock, which no
 * delegation misreads.
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

/** Formats epoch milliseconds as a date with its year in the UI language: "14 Aug 2017" / "2017年8月14日". */
export function useDayFormat(): (at: number) => string {
  const [language] = useLanguage();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium' });
    return (at: number) => format.format(new Date(at));
  }, [language]);
}

/** Formats epoch milliseconds as a short date in the UI language: "25 Nov" / "11月25日". */
export function useDateFormat(): (at: number) => string {
  const [language] = useLanguage();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { day: 'numeric', month: 'short' });
    return (at: number) => format.format(new Date(at));
  }, [language]);
}
