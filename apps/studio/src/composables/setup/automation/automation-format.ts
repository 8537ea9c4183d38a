/**
 * Automation in the interface language: a rule's trigger as a sentence (one wording per trigger type, looked
 * up in a table), action types, statuses and events by the catalogue (an unknown one by its own name), times
 * and how long an action took.
 */
import { useI18n } from 'vue-i18n';
import type { ObjectMeta } from '../../../api/operations';
import { pickLabel } from '../../../i18n/labels';
import { useWorkspaceStore } from '../../../stores/workspace';
import { formatDateTime } from '../../../i18n/formatting';
import type { RuleTrigger } from './rules';

type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string;

interface TriggerWords {
  t: Translate;
  object: ObjectMeta | undefined;
  locale: string;
}

const fieldLabel = (w: TriggerWords, name: unknown) => {
  const field = w.object?.fields.find((f) => f.name === name);
  return field ? pickLabel(field.label, w.locale, field.name) : String(name ?? '');
};
const stageLabel = (w: TriggerWords, key: unknown) => {
  for (const p of w.object?.pipelines ?? []) {
    const stage = p.stages.find((s) => s.key === key);
    if (stage) return pickLabel(stage.label, w.locale, stage.key);
  }
  return String(key ?? '');
};

/** How each trigger type reads; a type not listed reads as "Trigger <type>". */
const TRIGGER_WORDING: Record<string, (tr: RuleTrigger, w: TriggerWords) => string> = {
  created: (_, w) => w.t('automation.triggers.created'),
  updated: (_, w) => w.t('automation.triggers.updated'),
  deleted: (_, w) => w.t('automation.triggers.deleted'),
  restored: (_, w) => w.t('automation.triggers.restored'),
  manual: (_, w) => w.t('automation.triggers.manual'),
  fields_changed: (tr, w) => {
    const fields = Array.isArray(tr['fields']) ? tr['fields'] : [];
    return w.t('automation.triggers.fields_changed', { fields: fields.map((f) => fieldLabel(w, f)).join(w.t('common.listSeparator')) }, fields.length);
  },
  stage_changed: (tr, w) => {
    if (tr['to'] !== undefined) return w.t('automation.triggers.stageTo', { stage: stageLabel(w, tr['to']) });
    if (typeof tr['toCategory'] === 'string') return w.t('automation.triggers.stageCategory', { category: w.t(`automation.categories.${tr['toCategory']}`) });
    return w.t('automation.triggers.stage_changed');
  },
  time_relative: (tr, w) => {
    const offset = Number(tr['offset'] ?? 0);
    return w.t('automation.triggers.time_relative', {
      offset,
      unit: w.t(`automation.units.${String(tr['unit'])}`, {}, offset),
      direction: w.t(`automation.directions.${String(tr['direction'])}`),
      field: fieldLabel(w, tr['field']),
    });
  },
  scheduled: (tr, w) => w.t('automation.triggers.scheduled', { cron: String(tr['cron'] ?? '') }),
};

export function durationText(t: Translate, startedAt: string | null | undefined, finishedAt: string | null | undefined): string {
  if (!startedAt || !finishedAt) return '';
  const ms = Math.max(0, new Date(finishedAt).getTime() - new Date(startedAt).getTime());
  return ms < 1000 ? t('automation.runs.milliseconds', { n: ms }) : t('automation.runs.seconds', { n: (ms / 1000).toFixed(1) });
}

export function useAutomationFormat() {
  const { t, te, locale } = useI18n();
  const workspace = useWorkspaceStore();
  const named = (group: string, value: string) => (te(`automation.${group}.${value}`) ? t(`automation.${group}.${value}`) : value);
  const translate: Translate = (key, values = {}, plural) => (plural === undefined ? t(key, values) : t(key, values, plural));
  return {
    trigger: (object: string, tr: RuleTrigger) => {
      const wording = TRIGGER_WORDING[tr.type];
      if (!wording) return t('automation.triggers.unknown', { type: tr.type });
      return wording(tr, { t: translate, object: workspace.byName.get(object), locale: locale.value });
    },
    objectLabel: (object: string) => pickLabel(workspace.byName.get(object)?.label, locale.value, object),
    actionName: (type: string) => named('actionTypes', type),
    statusName: (status: string) => named('statuses', status),
    eventName: (kind: string) => named('events', kind),
    dateTime: (iso: string | null | undefined) => formatDateTime(locale.value, iso),
    duration: (startedAt: string | null | undefined, finishedAt: string | null | undefined) => durationText(translate, startedAt, finishedAt),
  };
}
