import type en from '../en/related';

/** 相关记录：导航路径、相关列表的行操作。 */
const zh: typeof en = {
  breadcrumbs: '当前位置',
  newCrumb: '新建{label}',
  editCrumb: '编辑',
  edit: '编辑',
};

export default zh;
