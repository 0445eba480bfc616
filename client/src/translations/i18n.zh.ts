import type { translationsEn } from './i18n.en.ts';

/** Chinese strings of "translation out of date": the same keys as `i18n.en.ts`. */
export const translationsZh: typeof translationsEn = {
  translations: {
    state: {
      zh_out_of_date: '中文译文已过时',
      en_out_of_date: '英文译文已过时',
      both_changed: '中英文本均已修改：请核对两者是否仍然一致',
    },
    since: {
      confirmedEn: '自 {{name}} 于 [date] 确认两种语言一致以来，英文已修改。',
      confirmedZh: '自 {{name}} 于 [date] 确认两种语言一致以来，中文已修改。',
      confirmedBoth: '自 {{name}} 于 [date] 确认一致以来，两种文本均已修改。',
      versionEn: '自发布版本“{{title}}”以来，英文已修改。',
      versionZh: '自发布版本“{{title}}”以来，中文已修改。',
      versionBoth: '自发布版本“{{title}}”以来，两种文本均已修改。',
    },
    change: {
      show: '{{language}}的修改内容',
    },
    confirm: '确认两种语言一致',
    confirming: '正在确认…',
    confirmed: '第 {{number}} 条：已确认两种语言一致。',
    filter: {
      label: '译文',
      count_one: '{{count}} 个条款的译文已过时。',
      count_other: '{{count}} 个条款的译文已过时。',
      none: '所有条款的中英文本均一致。',
      only: '只显示这些条款',
      all: '显示全部条款',
      showingOnly: '仅显示译文已过时的条款。',
    },
    errors: {
      signedOut: '您已退出登录，请重新登录后继续。',
      notFound: '该条款已不存在。',
    },
  },
};
