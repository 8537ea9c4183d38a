/** 简体中文: same keys as `en.ts` (the type makes a missing key a compile error). */
import type { MessageSchema } from '../messages';
import approvals from './zh/approvals';
import automation from './zh/automation';
import board from './zh/board';
import conditions from './zh/conditions';
import dashboards from './zh/dashboards';
import dates from './zh/dates';
import home from './zh/home';
import records from './zh/records';
import related from './zh/related';
import reports from './zh/reports';
import search from './zh/search';
import access from './zh/setup-access';
import designers from './zh/setup-designers';

const zh: MessageSchema = {
  records,
  related,
  board,
  designers,
  access,
  conditions,
  automation,
  dashboards,
  dates,
  reports,
  approvals,
  app: {
    name: 'Funnelcraft',
    tagline: '围绕你自己的销售漏斗打造的 CRM。',
  },
  common: {
    loading: '加载中…',
    retry: '重试',
    comingSoon: '即将推出',
    yes: '是',
    no: '否',
    required: '必填',
    optional: '选填',
    listSeparator: '、',
    labelSeparator: '：',
    groupSeparator: '；',
  },
  language: {
    label: '语言',
  },
  login: {
    pageTitle: '登录',
    title: '登录你的工作区',
    subtitle: '请使用管理员提供的工作区、邮箱和密码。',
    tenant: '工作区',
    tenantPlaceholder: '例如 demo',
    email: '邮箱',
    emailPlaceholder: "you{'@'}company.com",
    password: '密码',
    passwordPlaceholder: '你的密码',
    submit: '登录',
    failed: '登录失败',
    expired: '你的会话已结束，请重新登录。',
    missing: '请输入{field}。',
    footer: '开放的元数据驱动 CRM',
  },
  shell: {
    openNavigation: '打开导航',
    closeNavigation: '关闭导航',
    home: '返回首页',
    workspace: '工作区',
    workspaceIs: '工作区：{slug}',
    userMenu: '账户菜单',
    signedInAs: '当前登录',
    logout: '退出登录',
  },
  nav: {
    label: '主导航',
    objects: '对象',
    administration: '管理',
    setup: '设置',
    empty: '尚未定义任何对象。',
    loadFailed: '对象加载失败。',
  },
  home,
  search,
  object: {
    apiName: 'API 名称',
    fields: '字段',
    fieldCount: '{count} 个字段',
    recordsSoon: '{label}的列表、表单和看板即将推出。目前这里展示它的定义。',
    notFoundTitle: '找不到对象',
    notFound: '此工作区中没有名为“{name}”的对象。',
    backHome: '返回首页',
    columns: {
      field: '字段',
      kind: '类型',
      required: '必填',
    },
    noFields: '没有字段',
  },
  kinds: {
    text: '文本',
    long_text: '长文本',
    email: '邮箱',
    phone: '电话',
    url: '网址',
    number: '数字',
    percent: '百分比',
    currency: '货币',
    date: '日期',
    datetime: '日期时间',
    boolean: '是 / 否',
    single_select: '单选',
    multi_select: '多选',
    lookup: '关联',
    user: '用户',
    auto_number: '自动编号',
    formula: '公式',
  },
  setup: {
    pageTitle: '设置',
    title: '设置',
    intro: '按照团队的销售方式定制 Funnelcraft。这些工具将在后续版本中推出。',
    objects: { title: '对象与字段', body: '定义对象、字段、布局和校验规则。' },
    users: { title: '用户与角色', body: '邀请团队成员，并决定谁可以查看和修改哪些内容。' },
    automation: { title: '自动化', body: '自动运行的阶段关卡、分配和提醒。' },
    pipelines: { title: '销售流程', body: '销售阶段、赢率以及每笔商机的推进路径。' },
  },
  notFound: {
    pageTitle: '页面不存在',
    title: '页面不存在',
    body: '你访问的页面不存在。',
    home: '返回首页',
  },
  errors: {
    network: '无法连接服务器，请检查网络后重试。',
  },
};

export default zh;
