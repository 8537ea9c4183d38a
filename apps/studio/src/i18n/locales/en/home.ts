/** The home page: the signed-in user's day. */
export default {
  pageTitle: 'Home',
  welcome: 'Welcome, {name}',
  today: 'Today is {date}',
  scope: { label: 'Whose work', mine: 'Mine', team: 'Team' },
  activities: {
    title: 'Activities due today and overdue',
    empty: 'Nothing due today. Nothing overdue.',
    markDone: 'Mark “{subject}” done',
    doneOk: '“{subject}” is done.',
    overdue: 'Overdue',
    today: 'Today',
    more: 'and {count} more',
  },
  deals: {
    title: 'Deals to close',
    thisMonth: 'Closing this month',
    overdue: 'Close date passed',
    emptyThisMonth: 'No open deal closes this month.',
    emptyOverdue: 'No open deal is past its close date.',
    closes: 'Closes {date}',
  },
  pipeline: {
    title: 'Open pipeline by stage',
    total: 'Total',
    deals: 'no deals | 1 deal | {count} deals',
    empty: 'No open deals.',
  },
  recent: { title: 'Recently viewed', empty: 'Records you open appear here.' },
  loadFailed: 'This part of the page could not be loaded.',
};
