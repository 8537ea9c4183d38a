/** Typed dates and times (fields/inputs/DateTextBox.vue): the hint in an empty input and what an unreadable one says. */
export default {
  hint: 'e.g. 12/20/2026',
  hintTime: 'e.g. 12/20/2026 2:30 PM',
  unreadable: '“{text}” is not a date. Type it like 12/20/2026, Dec 20 2026 or 2026-12-20.',
  unreadableTime: '“{text}” is not a date and time. Type it like 12/20/2026 2:30 PM or 2026-12-20 14:30.',
  calendar: 'Choose from the calendar',
};
