import { commentsZh } from '../comments/i18n.zh.ts';
import { matrixZh } from '../matrix/i18n.zh.ts';
import type { Messages } from './en.ts';

/** Chinese (Simplified) UI strings; the `Messages` type keeps the keys identical to English. */
export const zh: Messages = {
  app: {
    name: 'Accord',
    loading: '正在加载…',
    notFound: '此页面不存在。',
    goHome: '返回首页',
    skipToContent: '跳到框架正文',
  },
  errors: {
    network: '无法连接服务器。请检查网络连接后重试。',
    generic: '出现问题，请重试。',
    retry: '重试',
  },
  signIn: {
    title: '登录 Accord',
    intro: '与秘书处、成员国和合作伙伴共同起草合作框架。',
    email: '电子邮箱',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    missingFields: '请输入电子邮箱和密码。',
    invalidCredentials: '电子邮箱或密码错误。',
    tooManyAttempts: '登录尝试次数过多，请稍后再试。',
    tooManyAttemptsWait_one: '登录失败次数过多，请在 {{count}} 分钟后重试。',
    tooManyAttemptsWait_other: '登录失败次数过多，请在 {{count}} 分钟后重试。',
  },
  header: {
    signedInAs: '当前用户：{{name}}',
    signedInAsWithStakeholder: '当前用户：{{name}}（{{stakeholder}}）',
    signOut: '退出登录',
    signOutUnsavedConfirm: '您的部分更改尚未保存，现在退出登录将会丢失这些更改。仍要退出登录吗？',
    signOutFailed: '无法退出登录，您仍处于登录状态。请检查网络连接后重试。',
  },
  languageSwitch: {
    label: '语言',
    en: 'English',
    zh: '中文',
  },
  language: {
    en: '英文',
    zh: '中文',
  },
  consultation: {
    loading: '正在加载磋商…',
    notFound: '此磋商不存在，或您无权访问。',
    none: '目前还没有磋商。',
    frameworkLabel: '框架正文',
    readOnlyNotice: '您可以阅读框架并实时查看修改，但不能编辑文本。',
    clauseRowLabel: '第 {{number}} 条',
  },
  clause: {
    editorLabel: '第 {{number}} 条 — {{language}}',
    editorFailed: '无法显示此条款。请重新加载页面；已保存的文本不会丢失。',
  },
  presence: {
    heading: '当前在线',
    listLabel: '当前在线的人',
    you: '（您）',
    cursorLabel: '{{name}}（{{stakeholder}}）',
  },
  connection: {
    connecting: '正在连接…',
    saved: '已连接 — 所有更改均已保存',
    saving: '已连接 — 正在保存…',
    offline: '离线 — 您的更改已保留，恢复连接后将同步',
    denied: '服务器拒绝访问本页的部分内容。请退出后重新登录。',
  },
  ...matrixZh,
  ...commentsZh,
};
