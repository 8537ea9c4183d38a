import type en from '../en/search';

/** 顶栏的全局搜索。 */
const zh: typeof en = {
  open: '搜索',
  shortcut: '搜索（Ctrl K 或 /）',
  placeholder: '搜索名称、邮箱、电话…',
  label: '在所有对象中搜索',
  recent: '最近查看',
  noRecent: '输入文字即可搜索客户、联系人、商机等。',
  results: '搜索结果',
  empty: '没有与“{text}”匹配的记录。',
  failed: '搜索失败，请重试。',
  searching: '正在搜索…',
  untitled: '（无名称）',
};
export default zh;
