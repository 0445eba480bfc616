/**
 * English strings of "translation out of date" on the framework page. Spread into `i18n/en.ts`;
 * `i18n.zh.ts` has exactly the same keys. `[name]` slots are filled with elements (see `fillSlots`).
 */
export const translationsEn = {
  translations: {
    state: {
      zh_out_of_date: 'Chinese translation out of date',
      en_out_of_date: 'English translation out of date',
      both_changed: 'Both languages changed: check they still say the same',
    },
    since: {
      confirmedEn: 'The English changed since {{name}} confirmed the two in line on [date].',
      confirmedZh: 'The Chinese changed since {{name}} confirmed the two in line on [date].',
      confirmedBoth: 'Both texts changed since {{name}} confirmed them in line on [date].',
      versionEn: 'The English changed since the published version “{{title}}”.',
      versionZh: 'The Chinese changed since the published version “{{title}}”.',
      versionBoth: 'Both texts changed since the published version “{{title}}”.',
    },
    change: {
      show: 'What changed in the {{language}}',
    },
    confirm: 'Confirm the two languages are in line',
    confirming: 'Confirming…',
    confirmed: 'Clause {{number}}: the two languages are confirmed in line.',
    filter: {
      label: 'Translations',
      count_one: '{{count}} clause has a translation out of date.',
      count_other: '{{count}} clauses have a translation out of date.',
      none: 'Every clause’s two languages are in line.',
      only: 'Show only these clauses',
      all: 'Show all clauses',
      showingOnly: 'Showing only clauses whose translation is out of date.',
    },
    errors: {
      signedOut: 'You are no longer signed in. Sign in again to continue.',
      notFound: 'This clause does not exist any more.',
    },
  },
};
