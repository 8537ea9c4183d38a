import type en from '../en/reports';

/** 报表设计：数据来源、最多两个分组、度量和图表，实时预览。 */
const zh: typeof en = {
  pageTitle: '报表设计',
  intro: '选择要计数或汇总的内容以及分组方式。预览基于实时数据运行。',
  object: '数据来源',
  title: '标题',
  titlePlaceholder: '例如：按阶段的管道',
  groupBy: '分组',
  thenBy: '再按',
  none: '不分组',
  bucket: '日期按',
  buckets: { day: '天', week: '周', month: '月', quarter: '季度', year: '年' },
  measures: '度量',
  measureField: '度量 {n} 的字段',
  measureFn: '度量 {n}',
  addMeasure: '添加度量',
  removeMeasure: '删除度量 {n}',
  fns: { count: '计数', sum: '合计', avg: '平均值', min: '最小值', max: '最大值', count_distinct: '不同值个数' },
  measureLabel: '{field}{fn}',
  records: '记录数',
  chart: '图表',
  charts: { table: '表格', bar: '柱状图', stacked_bar: '堆叠柱状图', line: '折线图', pie: '饼图', funnel: '漏斗图', matrix: '矩阵' },
  preview: '预览',
  previewFailed: '无法运行预览：{message}',
  pickField: '为每个度量选择字段后即可预览。',
  save: {
    title: '保存',
    key: 'API 名称',
    keyHint: '仪表盘用它引用此报表。',
    submit: '保存报表',
    saved: '“{name}”已保存，现在可以在仪表盘中使用。',
    failed: '无法保存报表：{message}',
    taken: '已有名为“{key}”的报表。',
    invalid: '以小写字母开头，之后只能是字母和数字。',
    adminsOnly: '报表由管理员保存。你可以在这里设计并预览。',
  },
};

export default zh;
