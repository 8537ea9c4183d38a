/**
 * Automation rule documents (`x-rule`): a trigger on one object, a json-logic condition, ordered actions.
 * Checked against the model here (pure: the records library raises events, the server runs the actions);
 * references to users are checked by the apply pipeline through its storage port (`userRefs`).
 */
import type { ErrorDetail } from '@funnelcraft/kernel';
import { variablesOf } from '@funnelcraft/expressions';
import { isTimeZone, parseCron, type CronSpec } from './cron.js';
import type { Labels, ObjectModel } from './model.js';
import type { PipelineModel, StageCategory } from './pipeline-model.js';
import { resolveReportField } from './report-model.js';
import { isClockVariable } from './rule-schedule.js';
import { webhookUrlProblem } from './webhook-policy.js';
import { isApprovalRule, type RequireApprovalAction } from './approval-model.js';

export type TimeUnit = 'minutes' | 'hours' | 'days';
export type UserRef = 'owner' | 'actor' | string | { field: string };
export type Localized = string | Record<string, string>;

export type RuleTrigger =
  | { type: 'created' | 'updated' | 'deleted' | 'restored' | 'manual' }
  | { type: 'fields_changed'; fields: string[]; from?: unknown; to?: unknown }
  | { type: 'stage_changed'; pipeline?: string; from?: string; to?: string; toCategory?: StageCategory }
  | { type: 'time_relative'; field: string; offset: number; unit: TimeUnit; direction: 'before' | 'after' }
  | { type: 'scheduled'; cron: string; timeZone?: string; filter?: unknown };

export type RuleAction =
  | { type: 'create_task'; subject: string; notes?: string; assignee?: UserRef; due?: { in: number; unit: TimeUnit } }
  | { type: 'update_fields'; values: Record<string, unknown> }
  | UpdateRelatedAction
  | CreateRecordAction
  | { type: 'send_email'; to: UserRef; subject: Localized; body: Localized }
  | { type: 'notify'; to: UserRef; message: Localized }
  | { type: 'webhook'; url: string; preset?: 'json' | 'wecom' | 'dingtalk' | 'feishu' | 'slack'; body?: string; secret?: string }
  | RoundRobinAction
  | RequireApprovalAction
  | { type: 'wait'; for: number; unit: TimeUnit; recheck?: boolean };

/** Assigns a user field (default the owner) in turn among a team's active members or a list of users. */
export interface RoundRobinAction {
  type: 'assign_round_robin';
  /** A platform team by id or name (exactly one of team and users). */
  team?: string;
  users?: string[];
  field?: string;
}

/** Updates the record a lookup of the triggering record points at (opportunity → its account). */
export interface UpdateRelatedAction {
  type: 'update_related';
  /** A lookup field of the rule's object. */
  lookup: string;
  /** Fields of the lookup's target, each a json-logic expression over the triggering record's variables. */
  values: Record<string, unknown>;
}

/** Creates a record of any object; `link` names a lookup of the new record set to the triggering record. */
export interface CreateRecordAction {
  type: 'create_record';
  object: string;
  values: Record<string, unknown>;
  link?: string;
  /** Who owns the new record (default: the triggering record's owner). */
  owner?: UserRef;
}

export interface RuleDocument {
  'x-rule': string;
  'x-object': string;
  title?: string;
  'x-label'?: Labels;
  description?: string;
  enabled?: boolean;
  order?: number;
  runAs?: 'system' | string;
  trigger: RuleTrigger;
  condition?: unknown;
  actions: RuleAction[];
  [key: string]: unknown;
}

export interface RuleModel {
  key: string;
  object: string;
  label: Labels;
  enabled: boolean;
  order: number;
  /** A user id, or undefined for the system. */
  runAs?: string;
  trigger: RuleTrigger;
  /** The parsed cron of a scheduled trigger. */
  cron?: CronSpec;
  condition?: unknown;
  actions: RuleAction[];
  document: RuleDocument;
}

export const RULE_META_SCHEMA = { file: 'rule-definition.schema.json', refs: ['object-definition.schema.json'] } as const;

export const UNIT_MS: Record<TimeUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** Merge fields in a template: `{{ account.name }}` → `account.name`. */
export const mergeFieldsOf = (template: string): string[] => [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!);

const GLOBAL_VARS = new Set(['now', 'today', 'actor.id']);

/** Trigger kinds raised by record writes (the others come from the clock or a person). */
export const WRITE_TRIGGERS = new Set(['created', 'updated', 'fields_changed', 'stage_changed', 'deleted', 'restored']);

const watched = new WeakMap<object, ReadonlySet<string>>();

/** Objects whose writes some enabled rule watches: only their writes add outbox events (computed once per model). */
export function objectsWatchedByRules(rules: ReadonlyMap<string, RuleModel>): ReadonlySet<string> {
  let set = watched.get(rules);
  if (!set) {
    set = new Set(
      [...rules.values()]
        .filter((r) => r.enabled && !isApprovalRule(r) && (WRITE_TRIGGERS.has(r.trigger.type) || r.trigger.type === 'time_relative'))
        .map((r) => r.object),
    );
    watched.set(rules, set);
  }
  return set;
}

/** Users a rule names by id, with the place it names them. */
export function ruleUserRefs(doc: RuleDocument, at: string): { path: string; id: string }[] {
  const refs: { path: string; id: string }[] = [];
  const isId = (u: unknown): u is string => typeof u === 'string' && u !== 'owner' && u !== 'actor' && u !== 'system';
  if (isId(doc.runAs)) refs.push({ path: `${at}.runAs`, id: doc.runAs });
  doc.actions.forEach((a, i) => {
    const user =
      a.type === 'create_task' ? a.assignee : a.type === 'send_email' || a.type === 'notify' ? a.to : a.type === 'create_record' ? a.owner : undefined;
    const where = a.type === 'create_task' ? 'assignee' : a.type === 'create_record' ? 'owner' : 'to';
    if (isId(user)) refs.push({ path: `${at}.actions[${i}].${where}`, id: user });
    if (a.type === 'assign_round_robin') a.users?.forEach((id, j) => refs.push({ path: `${at}.actions[${i}].users[${j}]`, id }));
  });
  return refs;
}

/** Teams a rule names (by id or name), with the place it names them: the apply pipeline checks they exist. */
export function ruleTeamRefs(doc: RuleDocument, at: string): { path: string; team: string }[] {
  return doc.actions.flatMap((a, i) => (a.type === 'assign_round_robin' && a.team !== undefined ? [{ path: `${at}.actions[${i}].team`, team: a.team }] : []));
}

/** Builds a rule's model from a document that passed its meta-schema; problems are collected under `at`. */
export function buildRule(
  doc: RuleDocument,
  byName: ReadonlyMap<string, ObjectModel>,
  pipelines: ReadonlyMap<string, PipelineModel>,
  at: string,
  problems: ErrorDetail[],
): RuleModel | undefined {
  const add = (where: string, message: string) => problems.push({ path: `${at}${where}`, message });
  const source = byName.get(doc['x-object']);
  if (!source) {
    add('.x-object', `no object "${doc['x-object']}"`);
    return undefined;
  }
  const before = problems.length;
  const readable = (path: string) => {
    const r = resolveReportField(source, byName, path);
    return typeof r === 'string' ? r : undefined;
  };
  const checkVars = (logic: unknown, where: string) => {
    for (const name of variablesOf(logic)) {
      if (GLOBAL_VARS.has(name) || (doc.trigger.type === 'scheduled' && isClockVariable(name))) continue;
      const m = /^(new|old)\.(.+)$/.exec(name);
      const problem = m ? readable(m[2]!) : `"${name}" is not a variable here: use new.<field>, old.<field>, actor.id, now or today`;
      if (problem) add(where, problem);
    }
  };
  const checkTemplate = (t: Localized | undefined, where: string) => {
    if (t === undefined) return;
    for (const [lang, text] of typeof t === 'string' ? [['', t] as const] : Object.entries(t)) {
      for (const name of mergeFieldsOf(text)) {
        if (name === 'now' || name === 'today') continue;
        const problem = readable(name);
        if (problem) add(`${where}${lang ? `.${lang}` : ''}`, `unknown merge field {{${name}}}: ${problem}`);
      }
    }
  };
  const checkUser = (u: UserRef | undefined, where: string) => {
    if (u && typeof u === 'object' && source.fieldsByName.get(u.field)?.kind.link !== 'user' && u.field !== 'ownerId')
      add(`${where}.field`, `"${u.field}" is not a user field of ${source.name}`);
  };
  /** Values written to `target`: each a writable field of it, each expression over the rule's variables. */
  const checkValues = (target: ObjectModel, values: Record<string, unknown>, where: string) => {
    for (const [name, value] of Object.entries(values)) {
      const f = target.fieldsByName.get(name);
      if (!f) add(`${where}.${name}`, `no field "${name}" on ${target.name}`);
      else if (!f.kind.writable) add(`${where}.${name}`, `${name} is a ${f.kind.id} field: it is not written`);
      checkVars(value, `${where}.${name}`);
    }
  };
  const ownPipelines = [...pipelines.values()].filter((p) => p.object === source.name);
  const isDate = (name: string) => {
    const r = resolveReportField(source, byName, name);
    return typeof r !== 'string' && !r.via && (r.valueType === 'date' || r.valueType === 'datetime');
  };

  const t = doc.trigger;
  let cron: CronSpec | undefined;
  switch (t.type) {
    case 'fields_changed':
      t.fields.forEach((f, i) => {
        if (!source.fieldsByName.has(f) && !(ownPipelines.length && ['stage', 'pipeline', 'probability'].includes(f)) && f !== 'ownerId')
          add(`.trigger.fields[${i}]`, `no field "${f}" on ${source.name}`);
      });
      if ((t.from !== undefined || t.to !== undefined) && t.fields.length !== 1) add('.trigger.fields', 'from/to compare one field: name exactly one');
      break;
    case 'stage_changed': {
      if (!ownPipelines.length) {
        add('.trigger', `${source.name} has no pipeline: its records have no stage`);
        break;
      }
      const pipeline = t.pipeline === undefined ? undefined : ownPipelines.find((p) => p.key === t.pipeline);
      if (t.pipeline !== undefined && !pipeline) add('.trigger.pipeline', `no pipeline "${t.pipeline}" on ${source.name}`);
      const candidates = pipeline ? [pipeline] : ownPipelines;
      for (const key of ['from', 'to'] as const) {
        const stage = t[key];
        if (stage !== undefined && !candidates.some((p) => p.stageByKey.has(stage)))
          add(`.trigger.${key}`, `no stage "${stage}" in ${candidates.map((p) => p.key).join(', ')}`);
      }
      break;
    }
    case 'time_relative':
      if (!isDate(t.field)) add('.trigger.field', `"${t.field}" is not a date or datetime field of ${source.name}`);
      break;
    case 'scheduled': {
      const parsed = parseCron(t.cron);
      if (typeof parsed === 'string') add('.trigger.cron', parsed);
      else cron = parsed;
      if (t.timeZone !== undefined && !isTimeZone(t.timeZone)) add('.trigger.timeZone', `"${t.timeZone}" is not an IANA time zone`);
      if (t.filter !== undefined) {
        for (const name of variablesOf(t.filter)) {
          if (isClockVariable(name)) continue;
          const problem = readable(name);
          if (problem) add('.trigger.filter', problem);
        }
      }
      break;
    }
    default:
      break;
  }
  if (doc.condition !== undefined) checkVars(doc.condition, '.condition');

  doc.actions.forEach((a, i) => {
    const p = `.actions[${i}]`;
    switch (a.type) {
      case 'create_task':
        checkTemplate(a.subject, `${p}.subject`);
        checkTemplate(a.notes, `${p}.notes`);
        checkUser(a.assignee, `${p}.assignee`);
        if (!byName.has('activity')) add(p, 'create_task makes an Activity: define the activity object first');
        break;
      case 'update_fields':
        checkValues(source, a.values, `${p}.values`);
        break;
      case 'update_related': {
        const lookup = source.fieldsByName.get(a.lookup);
        const target = lookup?.kind.link === 'record' && lookup.target ? byName.get(lookup.target) : undefined;
        if (!target) add(`${p}.lookup`, `"${a.lookup}" is not a lookup field of ${source.name}`);
        else checkValues(target, a.values, `${p}.values`);
        break;
      }
      case 'create_record': {
        const target = byName.get(a.object);
        if (!target) {
          add(`${p}.object`, `no object "${a.object}"`);
          break;
        }
        checkValues(target, a.values, `${p}.values`);
        if (a.link !== undefined) {
          const link = target.fieldsByName.get(a.link);
          if (link?.kind.link !== 'record' || link.target !== source.name) add(`${p}.link`, `"${a.link}" is not a lookup of ${target.name} to ${source.name}`);
          else if (!link.kind.writable) add(`${p}.link`, `${a.link} is not written`);
          else if (a.values[a.link] !== undefined) add(`${p}.values.${a.link}`, `${a.link} is the link back to the triggering record: set it once`);
        }
        checkUser(a.owner, `${p}.owner`);
        break;
      }
      case 'send_email':
        checkUser(a.to, `${p}.to`);
        checkTemplate(a.subject, `${p}.subject`);
        checkTemplate(a.body, `${p}.body`);
        break;
      case 'notify':
        checkUser(a.to, `${p}.to`);
        checkTemplate(a.message, `${p}.message`);
        break;
      case 'webhook': {
        const problem = webhookUrlProblem(a.url);
        if (problem) add(`${p}.url`, problem);
        checkTemplate(a.body, `${p}.body`);
        break;
      }
      case 'assign_round_robin':
        if (a.team !== undefined && a.users !== undefined) add(p, 'name a team or a list of users to go round, not both');
        if (a.field !== undefined && a.field !== 'ownerId' && source.fieldsByName.get(a.field)?.kind.link !== 'user')
          add(`${p}.field`, `"${a.field}" is not a user field of ${source.name}`);
        else if (a.field !== undefined && a.field !== 'ownerId' && !source.fieldsByName.get(a.field)!.kind.writable)
          add(`${p}.field`, `${a.field} is not written`);
        break;
      case 'wait':
        if (i === doc.actions.length - 1) add(p, 'a wait is followed by the actions it delays');
        break;
    }
  });
  if (problems.length > before) return undefined;
  return {
    key: doc['x-rule'],
    object: source.name,
    label: { en: doc.title ?? doc['x-rule'], ...(doc['x-label'] ?? {}) },
    enabled: doc.enabled !== false,
    order: doc.order ?? 0,
    runAs: doc.runAs && doc.runAs !== 'system' ? doc.runAs : undefined,
    trigger: t,
    cron,
    condition: doc.condition,
    actions: doc.actions,
    document: doc,
  };
}

/** The identity of a trigger for ordering: rules on the same object and trigger need distinct orders. */
export const triggerKey = (r: RuleModel) => `${r.object}:${JSON.stringify(r.trigger)}`;
