/** 条件编辑器的用语（列表筛选、阶段关卡，以及之后的规则、报表和角色）。 */
import type en from '../en/conditions';

const zh: typeof en = {
  matchBefore: '满足以下',
  matchAfter: '条件',
  matchLabel: '条件的组合方式',
  any: '任一',
  all: '全部',
  and: '且',
  or: '或',
  notWord: '非',
  open: '（',
  close: '）',
  not: '非（排除符合的记录）',
  field: '字段',
  fieldPlaceholder: '选择字段',
  addCondition: '添加条件',
  addGroup: '添加条件组',
  removeCondition: '移除条件',
  removeGroup: '移除条件组',
  emptyGroup: '此条件组没有条件：请添加条件或移除该组。',
  generated: '生成的 json-logic（只读）',
  none: '无',
};
export default zh;
