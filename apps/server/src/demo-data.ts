/**
 * Sample records for the demo tenant: a few hundred accounts, contacts, leads, opportunities and activities,
 * generated from a fixed seed so every fresh install shows the same data, with dates relative to the day it is
 * created: activities today and this week (and some overdue), open deals closing this month and next (a few past
 * their close date), closed ones in the past. Opportunities are named after their accounts.
 */
type Rec = Record<string, unknown>;

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANY_A = [
  'Acme',
  'Blue',
  'Cedar',
  'Delta',
  'Ever',
  'Fair',
  'Golden',
  'Harbor',
  'Iron',
  'Jade',
  'Kite',
  'Lumen',
  'Maple',
  'North',
  'Orbit',
  'Pine',
  'Quartz',
  'River',
  'Summit',
  'Terra',
];
const COMPANY_B = ['Systems', 'Labs', 'Holdings', 'Works', 'Networks', 'Foods', 'Health', 'Capital', 'Logistics', 'Media'];
const FIRST = [
  'Ava',
  'Ben',
  'Chen',
  'Dana',
  'Eli',
  'Fang',
  'Grace',
  'Hiro',
  'Ines',
  'Jun',
  'Kai',
  'Lena',
  'Mei',
  'Noah',
  'Omar',
  'Priya',
  'Qing',
  'Rosa',
  'Sam',
  'Tao',
];
const LAST = ['Smith', 'Wang', 'Garcia', 'Li', 'Müller', 'Zhang', 'Kim', 'Rossi', 'Liu', 'Brown', 'Chen', 'Silva', 'Yang', 'Novak', 'Zhao'];
const INDUSTRIES = ['technology', 'finance', 'medical', 'retail', 'manufacturing', 'telecommunications', 'software', 'marketing', 'entertainment', 'services'];
const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];
const LOST_REASONS = ['Price', 'Chose a competitor', 'No budget', 'No decision', 'Timing'];
const OPEN_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation'];
const PRODUCTS = ['GTX Basic', 'GTX Pro', 'MG Special', 'MG Advanced', 'GTX Plus Pro', 'GTX Plus Basic', 'GTK 500'];

export interface DemoData {
  accounts: Rec[];
  contacts: (accountIndex: number) => Rec[];
  leads: Rec[];
  opportunities: (accountIds: string[]) => Rec[];
  activities: (ids: { accounts: string[]; contacts: string[]; opportunities: string[] }) => Rec[];
  /** The way each opportunity came to its stage, spread over the past year. */
  stageHistory: (opportunities: { id: string; stage: string; amount: number | null }[], now: Date) => DemoHistory;
}

export interface DemoHistory {
  entries: { recordId: string; fromStage: string | null; toStage: string; movedAt: string; amount: number | null; daysInPrevious: number | null }[];
  enteredAt: { id: string; at: string; createdAt: string }[];
}

export function demoData(seed = 20260101, today: Date = new Date()): DemoData {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  /** YYYY-MM-DD, `offset` days from today. */
  const day = (offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
  const names = new Set<string>();
  while (names.size < 60) names.add(`${pick(COMPANY_A)} ${pick(COMPANY_B)}`);
  const accounts = [...names].map((name) => ({
    name,
    industry: pick(INDUSTRIES),
    website: `https://www.${name.toLowerCase().replace(/\s+/g, '')}.example`,
    phone: `+1 555 ${String(Math.floor(r() * 9000) + 1000)}`,
    employees: Math.floor(r() * 5000) + 10,
    annualRevenue: { amount: Math.round(r() * 50_000) * 1000, currency: 'USD' },
  }));
  const person = () => {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    return { firstName, lastName, email: `${firstName}.${lastName}@mail.example`.toLowerCase().replace('ü', 'u') };
  };
  return {
    accounts,
    contacts: (n) => Array.from({ length: n }, () => ({ ...person(), phone: `+1 555 ${String(Math.floor(r() * 9000) + 1000)}` })),
    leads: Array.from({ length: 80 }, () => {
      const p = person();
      return {
        name: `${p.firstName} ${p.lastName}`,
        email: p.email,
        company: `${pick(COMPANY_A)} ${pick(COMPANY_B)}`,
        source: pick(['web', 'referral', 'event', 'cold_call', 'partner']),
        status: pick(['new', 'working', 'qualified', 'unqualified']),
      };
    }),
    opportunities: (accountIds) =>
      Array.from({ length: 200 }, () => {
        const stage = pick(STAGES);
        const index = Math.floor(r() * accountIds.length);
        const open = OPEN_STAGES.includes(stage);
        // Open: from two weeks overdue to two months ahead (this month and next); closed: within the past year.
        const closeIn = open ? Math.floor(r() * 75) - 14 : -Math.floor(r() * 330) - 1;
        return {
          name: `${pick(PRODUCTS)} for ${accounts[index]?.name ?? pick(COMPANY_A)}`,
          account: accountIds[index],
          amount: { amount: Math.round(r() * 200) * 500 + 500, currency: 'USD' },
          closeDate: day(closeIn),
          stage,
          ...(stage === 'closed_lost' ? { lostReason: pick(LOST_REASONS) } : {}),
        };
      }),
    stageHistory: (opportunities, now) => {
      const history: DemoHistory = { entries: [], enteredAt: [] };
      const DAY = 86_400_000;
      for (const o of opportunities) {
        const openSteps =
          o.stage === 'closed_won'
            ? OPEN_STAGES.length
            : o.stage === 'closed_lost'
              ? 1 + Math.floor(r() * OPEN_STAGES.length)
              : OPEN_STAGES.indexOf(o.stage) + 1;
        const path = [...OPEN_STAGES.slice(0, openSteps), ...(o.stage.startsWith('closed') ? [o.stage] : [])];
        const start = now.getTime() - (30 + Math.floor(r() * 335)) * DAY;
        const gaps = path.slice(1).map(() => 3 + r() * 42);
        const scale = Math.min(1, (now.getTime() - start) / DAY / (gaps.reduce((a, b) => a + b, 0) + 1));
        let at = start;
        path.forEach((stage, i) => {
          const days = i === 0 ? null : gaps[i - 1]! * scale;
          if (days !== null) at += days * DAY;
          history.entries.push({
            recordId: o.id,
            fromStage: i === 0 ? null : path[i - 1]!,
            toStage: stage,
            movedAt: new Date(at).toISOString(),
            amount: o.amount,
            daysInPrevious: days,
          });
        });
        history.enteredAt.push({ id: o.id, at: new Date(at).toISOString(), createdAt: new Date(start).toISOString() });
      }
      return history;
    },
    activities: (ids) =>
      Array.from({ length: 150 }, (_, i) => {
        // Every sixth is due today, the rest from a month ago to three weeks ahead; past ones mostly done.
        const offset = i % 6 === 0 ? 0 : Math.floor(r() * 51) - 30;
        return {
          subject: pick(['Intro call', 'Send proposal', 'Demo', 'Follow up', 'Contract review', 'Kick-off meeting']),
          type: pick(['call', 'email', 'meeting', 'task']),
          dueAt: `${day(offset)}T${String(8 + Math.floor(r() * 9)).padStart(2, '0')}:00:00Z`,
          done: offset < 0 ? r() < 0.8 : false,
          account: pick(ids.accounts),
          contact: i % 2 ? pick(ids.contacts) : null,
          opportunity: i % 3 ? pick(ids.opportunities) : null,
        };
      }),
  };
}

/** The demo's sales team: the admin manages it and is in it with two sample reps (who sign in once invited). */
export const DEMO_SALES_TEAM = 'Sales team';
export const DEMO_REPS = [
  { name: 'Lena Li', local: 'lena.li' },
  { name: 'Sam Rossi', local: 'sam.rossi' },
];

/** The webhook the won-deal rule calls until an admin points it at the real ERP (and enables the rule). */
export const DEMO_ERP_URL = 'https://erp.example.com/funnelcraft/opportunity-won';

/** The demo's sales model: the standard one, with a discount (percent) on opportunities for the approval rule. */
export function demoSalesModel(documents: unknown[]): unknown[] {
  return documents.map((d) => {
    const doc = d as Record<string, unknown>;
    if (doc['x-object'] !== 'opportunity' || doc['type'] !== 'object') return d;
    const properties = doc['properties'] as Record<string, unknown>;
    if (properties['discount']) return d;
    return {
      ...doc,
      properties: { ...properties, discount: { 'x-kind': 'percent', title: 'Discount', 'x-label': { en: 'Discount', zh: '折扣' }, minimum: 0, maximum: 100 } },
    };
  });
}

/**
 * The demo's automation rules, applied after the sample records (so those fire none of them): a follow-up task
 * when an opportunity enters Proposal, a mail to the owner 3 days before an open opportunity's close date, new
 * leads dealt round the sales team with a welcome task, a webhook to the ERP on a won deal (disabled), and a
 * discount over 20 % on a deal of one of the sample reps (`reps`, user ids) held for the owner's manager (the admin,
 * who manages the Sales team; the admin's own deals have no manager above, so the rule leaves them out).
 */
export function demoRules(reps: string[]): Record<string, unknown>[] {
  return [
    {
      'x-rule': 'demoProposalFollowUp',
      'x-object': 'opportunity',
      title: 'Follow up on proposals',
      'x-label': { en: 'Follow up on proposals', zh: '方案跟进' },
      description: 'An opportunity entering Proposal gets a follow-up task for its owner, due in two days.',
      order: 10,
      trigger: { type: 'stage_changed', to: 'proposal' },
      actions: [{ type: 'create_task', subject: 'Follow up on the proposal for {{name}} ({{account.name}})', assignee: 'owner', due: { in: 2, unit: 'days' } }],
    },
    {
      'x-rule': 'demoCloseDateReminder',
      'x-object': 'opportunity',
      title: 'Close date in 3 days',
      'x-label': { en: 'Close date in 3 days', zh: '3 天后预计成交' },
      description: "Three days before an open opportunity's close date, its owner gets a mail.",
      order: 20,
      trigger: { type: 'time_relative', field: 'closeDate', offset: 3, unit: 'days', direction: 'before' },
      condition: { in: [{ var: 'new.stage' }, OPEN_STAGES] },
      actions: [
        {
          type: 'send_email',
          to: 'owner',
          subject: { en: '{{name}} closes on {{closeDate}}', zh: '{{name}} 预计于 {{closeDate}} 成交' },
          body: {
            en: '{{name}} ({{account.name}}) is due to close on {{closeDate}}, in three days. Is it still on track?',
            zh: '{{name}}（{{account.name}}）预计于 {{closeDate}} 成交，还有三天。进展是否顺利？',
          },
        },
      ],
    },
    {
      'x-rule': 'demoNewLead',
      'x-object': 'lead',
      title: 'Deal new leads round the sales team',
      'x-label': { en: 'Deal new leads round the sales team', zh: '新线索轮流分配给销售团队' },
      description: 'A new lead gets an owner in turn among the Sales team’s active members, then a welcome task for that owner.',
      order: 10,
      trigger: { type: 'created' },
      actions: [
        { type: 'assign_round_robin', team: DEMO_SALES_TEAM },
        { type: 'create_task', subject: 'Welcome {{name}} ({{company}})', assignee: 'owner', due: { in: 1, unit: 'days' } },
      ],
    },
    {
      'x-rule': 'demoWonToErp',
      'x-object': 'opportunity',
      title: 'Won deals to the ERP',
      'x-label': { en: 'Won deals to the ERP', zh: '赢单同步到 ERP' },
      description: 'A won opportunity is posted to the ERP. Disabled until the ERP address (and a signing secret) is set.',
      enabled: false,
      order: 30,
      trigger: { type: 'stage_changed', toCategory: 'won' },
      actions: [
        {
          type: 'webhook',
          url: DEMO_ERP_URL,
          body: '{"event": "opportunity.won", "id": "{{id}}", "name": "{{name}}", "account": "{{account.name}}", "closeDate": "{{closeDate}}"}',
        },
      ],
    },
    {
      'x-rule': 'demoBigDiscount',
      'x-object': 'opportunity',
      title: 'Discounts over 20 % need the manager',
      'x-label': { en: 'Discounts over 20 % need the manager', zh: '折扣超过 20% 需经理审批' },
      description: "A sales rep's discount over 20 % on a deal waits for the owner's manager to approve it.",
      order: 10,
      trigger: { type: 'fields_changed', fields: ['discount'] },
      condition: { and: [{ '>': [{ var: 'new.discount' }, 20] }, { in: [{ var: 'new.ownerId' }, reps] }] },
      actions: [{ type: 'require_approval', steps: [{ manager: true, title: 'Manager' }], message: 'Discounts over 20 % need the manager’s approval' }],
    },
  ];
}
