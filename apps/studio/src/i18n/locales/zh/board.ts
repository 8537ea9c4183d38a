/** 简体中文: same keys as en/board.ts. */
import type en from '../en/board';

const zh: typeof en = {
  title: '看板',
};
export default zh;
