/** 简体中文: same keys as en/setup-designers.ts. */
import type en from '../en/setup-designers';

const zh: typeof en = {
  title: '设计器',
};
export default zh;
