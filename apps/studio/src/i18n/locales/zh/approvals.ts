/** 简体中文: same keys as en/approvals.ts (the type makes a missing key a compile error). */
import type en from '../en/approvals';

const zh: typeof en = {
  pageTitle: '审批',
  title: '审批',
  intro: '等待你决定的变更。批准后按申请人的修改生效；驳回后不生效。',
  nav: '审批',
  openInbox: '审批收件箱',
  empty: '没有等待你审批的变更。',
  loadFailed: '审批加载失败。',
  homeCount: '没有待审批 | 有 1 项待你审批 | 有 {count} 项待你审批',
  homeOpen: '打开收件箱',
  request: {
    askedBy: '申请人：{name}',
    step: '第 {step} 步，共 {steps} 步',
    stepTitled: '第 {step} 步，共 {steps} 步：{title}',
    approvers: '审批人：{names}',
    approversRole: '拥有角色 {role} 的任何人',
    comment: '意见',
    commentPlaceholder: '选填：说明你的决定',
    approve: '批准',
    reject: '驳回',
    approved: '已批准：变更已生效。',
    stepApproved: '已批准：现在由下一步审批。',
    rejected: '已驳回：变更不生效。',
    failed: '审批失败：{message}',
    notApprover: '你不是这一步的审批人。',
    selfApproval: '你不能审批自己的变更。',
    recordDeleted: '记录在回收站中：请先恢复再批准。',
    decidedBy: '{name} {decision}',
    openRecord: '打开记录',
  },
  status: {
    pending: '待审批',
    approved: '已批准',
    rejected: '已驳回',
  },
  record: {
    title: '审批',
    pendingFields: '审批期间锁定：{fields}',
  },
  form: {
    sent: '已提交审批',
    sentBody: '对 {fields} 的修改等待 {names} 审批，批准后生效。',
    someone: '审批人',
    locked: '等待审批',
    lockedHint: '此字段的修改正在等待审批，决定之前不能编辑。',
  },
  timeline: {
    requested: '提交审批：{fields}',
    approved: '变更已批准并生效：{fields}',
    stepApproved: '第 {step} 步已批准：{fields}',
    rejected: '变更已驳回：{fields}',
    comment: '“{comment}”',
  },
};

export default zh;
