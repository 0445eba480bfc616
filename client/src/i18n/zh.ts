import { commentsZh } from '../comments/i18n.zh.ts';
import { matrixZh } from '../matrix/i18n.zh.ts';
import { notificationsZh } from '../notifications/i18n.zh.ts';
import { roundsZh } from '../rounds/i18n.zh.ts';
import { translationsZh } from '../translations/i18n.zh.ts';
import { versionsZh } from '../versions/i18n.zh.ts';
import { visitsZh } from '../visits/i18n.zh.ts';
import { votesZh } from '../votes/i18n.zh.ts';
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
    refused: '未能完成：{{reason}}',
    reasons: {
      posting_too_fast: '发布过于频繁，请稍候再试。',
      role: '您的角色无权进行此操作。',
      thread_locked: '此讨论已锁定，不再接受回复。',
      thread_locked_meanwhile: '此讨论刚刚被锁定，不再接受回复。',
      not_author: '只有作者本人可以修改此意见。',
      comment_withdrawn: '此意见已撤回。',
      already_responded: '秘书处已答复此讨论，其中的意见不能再修改。',
      responded_meanwhile: '秘书处刚刚作出答复，此意见不能再修改。',
      own_stakeholder_only: '您只能为本国或本组织进行此操作。',
      secretariat_has_no_review_status: '秘书处本身没有审阅状态。',
      only_proposals_apply: '只有修改建议才能应用到文本。',
      whole_clause_proposal: '此建议针对整条，请手动修改文本。',
      not_accepted_yet: '请先采纳（或部分接受）此建议，再将其应用到文本。',
      already_applied: '此修改已应用到文本。',
      apply_by_hand: '此修改无法自动应用到文本，请手动修改。',
      passage_changed: '所选文字在您选择后已有改动，请重新选择。',
      duplicate_of_itself: '讨论不能标记为与自身重复。',
      duplicate_cycle: '那个讨论已被标记为与本讨论重复。',
      vote_closed: '表决已结束，结果为最终结果。',
      advisory_not_enabled: '本次表决不接受合作伙伴的咨询意见。',
      vote_already_open: '此事项已有一项进行中的表决，请先结束该表决。',
      no_response_yet: '秘书处尚未答复此讨论，请先作出答复。',
      not_a_proposal: '此讨论没有提出可供表决的修改措辞。',
      quorum_too_large: '法定人数超过了成员国的数量。',
      bad_closing_time: '请选择一个将来的截止时间，最长不超过 90 天。',
      round_not_drafting: '本轮不处于起草阶段：现在只有秘书处可以修改文本。',
      round_not_open: '本轮不在征求意见阶段。',
      round_closed: '本轮已结束，不再接受修改。',
    },
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
  ...votesZh,
  ...versionsZh,
  ...roundsZh,
  ...visitsZh,
  ...translationsZh,
  ...notificationsZh,
};
