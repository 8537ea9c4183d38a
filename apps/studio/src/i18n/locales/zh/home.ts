import type en from '../en/home';

/** 首页：当前用户的一天。 */
const zh: typeof en = {
  pageTitle: '首页',
  welcome: '欢迎，{name}',
  today: '今天是 {date}',
  scope: { label: '查看范围', mine: '我的', team: '团队' },
  activities: {
    title: '今天到期和已逾期的活动',
    empty: '今天没有到期的活动，也没有逾期的。',
    markDone: '将“{subject}”标记为完成',
    doneOk: '“{subject}”已完成。',
    overdue: '已逾期',
    today: '今天',
    more: '还有 {count} 项',
  },
  deals: {
    title: '待成交的商机',
    thisMonth: '本月预计成交',
    overdue: '已过预计成交日期',
    emptyThisMonth: '本月没有预计成交的进行中商机。',
    emptyOverdue: '没有超过预计成交日期的进行中商机。',
    closes: '预计 {date} 成交',
  },
  pipeline: {
    title: '按阶段的进行中商机',
    total: '合计',
    deals: '{count} 个商机',
    empty: '没有进行中的商机。',
  },
  recent: { title: '最近查看', empty: '你打开过的记录会显示在这里。' },
  loadFailed: '此部分加载失败。',
};
export default zh;
