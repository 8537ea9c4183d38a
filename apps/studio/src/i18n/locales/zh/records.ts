/** 简体中文: same keys as en/records.ts. */
import type en from '../en/records';

const zh: typeof en = {
  title: '记录',
};
export default zh;
