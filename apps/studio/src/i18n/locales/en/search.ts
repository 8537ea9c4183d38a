/** The header's global search. */
export default {
  open: 'Search',
  shortcut: 'Search (Ctrl K or /)',
  placeholder: 'Search names, emails, phones…',
  label: 'Search every object',
  recent: 'Recently viewed',
  noRecent: 'Type to search accounts, contacts, deals and more.',
  results: 'Results',
  empty: 'Nothing matches “{text}”.',
  failed: 'The search failed. Try again.',
  searching: 'Searching…',
  untitled: '(no name)',
};
