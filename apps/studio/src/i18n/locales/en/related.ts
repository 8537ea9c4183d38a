/** Related records: breadcrumbs, related lists' row actions. */
export default {
  breadcrumbs: 'You are here',
  newCrumb: 'New {label}',
  editCrumb: 'Edit',
  edit: 'Edit',
};
