/**
 * English: the reference catalogue. Every other language must have the same keys (`zh.ts` is typed by this one).
 * vue-i18n syntax: `{name}` interpolates, `|` separates plural forms, and a literal at sign is written {'@'}.
 */
import approvals from './en/approvals';
import automation from './en/automation';
import board from './en/board';
import conditions from './en/conditions';
import dashboards from './en/dashboards';
import dates from './en/dates';
import home from './en/home';
import records from './en/records';
import related from './en/related';
import reports from './en/reports';
import search from './en/search';
import access from './en/setup-access';
import designers from './en/setup-designers';

export default {
  records,
  related,
  board,
  designers,
  access,
  conditions,
  automation,
  dashboards,
  dates,
  reports,
  approvals,
  app: {
    name: 'Funnelcraft',
    tagline: 'The CRM you shape around your own sales funnel.',
  },
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    comingSoon: 'Coming soon',
    yes: 'Yes',
    no: 'No',
    required: 'Required',
    optional: 'Optional',
    /** Punctuation between items of a run of text: Chinese has its own (、：；), not the ASCII marks. */
    listSeparator: ', ',
    labelSeparator: ': ',
    groupSeparator: '; ',
  },
  language: {
    label: 'Language',
  },
  login: {
    pageTitle: 'Sign in',
    title: 'Sign in to your workspace',
    subtitle: 'Use the workspace, email and password your administrator gave you.',
    tenant: 'Workspace',
    tenantPlaceholder: 'e.g. demo',
    email: 'Email',
    emailPlaceholder: "you{'@'}company.com",
    password: 'Password',
    passwordPlaceholder: 'Your password',
    submit: 'Sign in',
    failed: 'Sign-in failed',
    expired: 'Your session has ended. Please sign in again.',
    missing: 'Enter your {field}.',
    footer: 'Open, metadata-driven CRM',
  },
  shell: {
    openNavigation: 'Open navigation',
    closeNavigation: 'Close navigation',
    home: 'Go to home',
    workspace: 'Workspace',
    workspaceIs: 'Workspace: {slug}',
    userMenu: 'Account menu',
    signedInAs: 'Signed in as',
    logout: 'Log out',
  },
  nav: {
    label: 'Main navigation',
    objects: 'Objects',
    administration: 'Administration',
    setup: 'Setup',
    empty: 'No objects defined yet.',
    loadFailed: 'The objects could not be loaded.',
  },
  home,
  search,
  object: {
    apiName: 'API name',
    fields: 'Fields',
    fieldCount: 'no fields | 1 field | {count} fields',
    recordsSoon: 'Lists, forms and boards for {label} come next. For now, this is how it is defined.',
    notFoundTitle: 'Object not found',
    notFound: 'This workspace has no object called “{name}”.',
    backHome: 'Back to home',
    columns: {
      field: 'Field',
      kind: 'Kind',
      required: 'Required',
    },
    noFields: 'No fields',
  },
  kinds: {
    text: 'Text',
    long_text: 'Long text',
    email: 'Email',
    phone: 'Phone',
    url: 'URL',
    number: 'Number',
    percent: 'Percent',
    currency: 'Currency',
    date: 'Date',
    datetime: 'Date & time',
    boolean: 'Yes / no',
    single_select: 'Single select',
    multi_select: 'Multi select',
    lookup: 'Lookup',
    user: 'User',
    auto_number: 'Auto number',
    formula: 'Formula',
  },
  setup: {
    pageTitle: 'Setup',
    title: 'Setup',
    intro: 'Shape Funnelcraft to the way your team sells. These tools arrive in the next releases.',
    objects: { title: 'Objects & fields', body: 'Define objects, their fields, layouts and validation rules.' },
    users: { title: 'Users & roles', body: 'Invite your team and decide who may see and change what.' },
    automation: { title: 'Automation', body: 'Stage gates, assignments and reminders that run on their own.' },
    pipelines: { title: 'Pipelines', body: 'Sales stages, probabilities and the path every deal follows.' },
  },
  notFound: {
    pageTitle: 'Page not found',
    title: 'Page not found',
    body: 'The page you asked for does not exist.',
    home: 'Back to home',
  },
  errors: {
    network: 'The server cannot be reached. Check your connection and try again.',
  },
};
