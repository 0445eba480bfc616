import type { Language, LocalizedText, MatrixRow } from '@accord/shared';
import type { TFunction } from 'i18next';

/**
 * A bilingual text in the reader's language, else in the other one (`fallback`: say which);
 * null when both are empty.
 */
export function pickLocalized(
  text: LocalizedText,
  language: Language,
): { text: string; language: Language; fallback: boolean } | null {
  const other: Language = language === 'en' ? 'zh' : 'en';
  if (text[language].trim() !== '') return { text: text[language], language, fallback: false };
  if (text[other].trim() !== '') return { text: text[other], language: other, fallback: true };
  return null;
}

/** "Replace “X” with “Y”": a proposed wording as a sentence, quoting the passage it changes. */
export function describeProposal(
  proposal: NonNullable<MatrixRow['proposal']>,
  passage: MatrixRow['passage'],
  t: TFunction,
): string {
  const quote = passage?.quote ?? '';
  switch (proposal.action) {
    case 'replace':
      return t('matrix.proposal.replace', { quote, text: proposal.text });
    case 'insert':
      return quote === ''
        ? t('matrix.proposal.insertInClause', { text: proposal.text })
        : t('matrix.proposal.insert', { quote, text: proposal.text });
    case 'delete':
      return quote === '' ? t('matrix.proposal.deleteInClause') : t('matrix.proposal.delete', { quote });
  }
}
