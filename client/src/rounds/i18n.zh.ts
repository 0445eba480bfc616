import type { roundsEn } from './i18n.en.ts';

/** Chinese (Simplified) strings of consultation rounds; same keys as English. */
export const roundsZh: typeof roundsEn = {
  rounds: {
    title: '轮次',
    loading: '正在加载轮次…',
    skipToContent: '跳到轮次',
    live: {
      connecting: '正在连接实时更新…',
      live: '实时：秘书处修改轮次后会立即显示在这里',
      offline: '离线：列表可能不是最新的。恢复连接后会自动刷新。',
      denied: '无法获得实时更新。请重新加载页面查看最新轮次。',
    },
    intro: '轮次为磋商划分阶段：起草、征求意见、秘书处汇总整理、结束。征求意见在截止日期自动结束。',
    listHeading: '全部轮次',
    none: '尚无轮次：磋商以研讨方式进行，不分阶段。',
    loadFailed: '无法加载轮次。',
    refreshFailed: '无法刷新轮次，当前显示的内容可能不是最新的。',
    current: '当前轮次',
    untitled: '未命名轮次',
    dates: '开始：[opens] · 截止：[closes]',
    state: {
      drafting: '起草',
      open: '征求意见',
      consolidation: '汇总整理',
      closed: '已结束',
    },
    moveTo: {
      open: '开始征求意见',
      consolidation: '开始汇总整理',
      closed: '结束本轮',
    },
    moving: '正在保存…',
    edit: '修改标题或日期',
    save: '保存修改',
    cancel: '取消',
    form: {
      heading: '新建轮次',
      titleEn: '英文标题',
      titleZh: '中文标题',
      opensAt: '开始时间',
      closesAt: '截止时间',
      initialState: '初始阶段',
      create: '创建轮次',
      creating: '正在创建…',
      created: '轮次已创建。',
      needTitle: '请填写中文或英文标题。',
      needDates: '请填写两个日期，开始时间须早于截止时间。',
    },
    banner: {
      label: '磋商轮次',
      dates: '[opens] – [closes]',
    },
    timeLeft: {
      opens: '{{duration}}后开始征求意见',
      closes: '{{duration}}后停止征求意见',
    },
    duration: {
      seconds: '{{s}} 秒',
      minutes: '{{m}} 分 {{s}} 秒',
      hours: '{{h}} 小时 {{m}} 分',
      days_one: '{{count}} 天 {{h}} 小时',
      days_other: '{{count}} 天 {{h}} 小时',
    },
    mayDo: {
      secretariat: {
        drafting: '您和各代表团均可编辑文本；尚未开始征求意见。',
        open: '您可以提出意见并修改文本；代表团不能再修改文本。',
        consolidation: '您可以回应意见并编辑文本；其他人不能再提出意见。',
        closed: '本轮已结束：文本和意见不再改变。',
      },
      delegate: {
        drafting: '您可以编辑文本；本轮开始后可提出意见。',
        open: '您可以提出意见；代表团不能再修改文本。',
        consolidation: '秘书处正在汇总整理意见：您可以阅读意见及其回应。',
        closed: '本轮已结束：您可以阅读文本和意见。',
      },
      partner: {
        drafting: '文本正在起草中：本轮开始后您可以提出意见。',
        open: '您可以提出意见；现在只有秘书处修改文本。',
        consolidation: '秘书处正在汇总整理意见：您可以阅读意见及其回应。',
        closed: '本轮已结束：您可以阅读文本和意见。',
      },
      observer: {
        drafting: '您可以关注文本的起草。',
        open: '您可以关注文本和意见。',
        consolidation: '您可以关注秘书处对意见的回应。',
        closed: '本轮已结束：您可以阅读文本和意见。',
      },
    },
  },
};
