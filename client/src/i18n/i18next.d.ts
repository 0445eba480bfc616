import 'i18next';
import type { Messages } from './en.ts';

// Typed keys: `t('clause.editorLabel')` is checked against the English resource.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
    returnNull: false;
  }
}
