/**
 * The state of a record form, for create and edit: values by field, the loaded record and its version,
 * problems by field (from ajv in the browser, then from the server), and the save itself: a create sends
 * what was filled in, an edit sends only what changed, with the version it was loaded at.
 */
import { computed, reactive, ref, shallowRef, type Ref } from 'vue';
import { GraphqlError } from '../../api/graphql-client';
import type { FieldMeta, ObjectMeta, PipelineMeta, StageMeta } from '../../api/operations';
import { apiKeyOf, inputValueOf, type FormatContext } from '../../fields';
import { useSessionStore } from '../../stores/session';
import { createDocument, recordDocument, updateDocument, type RecordRow } from './queries';
import { recordFields } from './record-fields';
import { fromServerDetails, prepareValidation, validateInput, type Problem } from './validation';

export type FormStatus = 'loading' | 'ready' | 'not-found' | 'error';

export interface ApprovalSent {
  requestId: string;
  fields: string[];
}

/** APPROVAL_REQUIRED: the update waits as a request (details name it and the fields it holds). */
function approvalSentOf(error: GraphqlError): ApprovalSent | null {
  if (error.code !== 'APPROVAL_REQUIRED') return null;
  const d = error.details.find((x) => typeof x['requestId'] === 'string');
  if (!d) return null;
  return { requestId: d['requestId'] as string, fields: Array.isArray(d['fields']) ? (d['fields'] as string[]) : [] };
}

/** A CONFLICT because a field is locked by a pending approval: said on the field, not as a stale version. */
const isApprovalLock = (error: GraphqlError) => error.details.some((d) => d['reason'] === 'approvalPending');

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Fields whose value the user may write (the server says read-only for computed kinds too). */
export const isEditable = (f: FieldMeta) => !f.readOnly;

export function useRecordForm(meta: Ref<ObjectMeta | undefined>, id: Ref<string | undefined>, ctx: Ref<FormatContext>) {
  const session = useSessionStore();
  const status = ref<FormStatus>('loading');
  const loadError = shallowRef<GraphqlError | null>(null);
  const record = shallowRef<RecordRow | null>(null);
  const values = reactive<Record<string, unknown>>({});
  let original: Record<string, unknown> = {};
  const problems = ref<Problem[]>([]);
  /** The error of the last save that belongs to no field (or summarises them, e.g. a stage gate). */
  const saveError = shallowRef<GraphqlError | null>(null);
  const conflict = ref(false);
  const saving = ref(false);
  /** The last save was kept for approval (APPROVAL_REQUIRED): not an error; the request and the fields it holds. */
  const approvalSent = shallowRef<ApprovalSent | null>(null);

  const fields = computed(() => (meta.value ? recordFields(meta.value) : []));
  const editable = computed(() => fields.value.filter(isEditable));
  const pipelines = computed<PipelineMeta[]>(() => meta.value?.pipelines ?? []);
  const mode = computed(() => (id.value ? 'update' : 'create') as 'create' | 'update');

  const pipeline = computed(() => pipelines.value.find((p) => p.key === values['pipeline']) ?? pipelines.value.find((p) => p.isDefault) ?? pipelines.value[0]);
  const stage = computed<StageMeta | undefined>(() => pipeline.value?.stages.find((s) => s.key === values['stage']));

  const errorsByField = computed(() => {
    const out: Record<string, Problem> = {};
    for (const p of problems.value) {
      // A gate condition belongs to no field: it is shown on the stage.
      const field =
        p.field === 'condition' ? 'stage' : fields.value.some((f) => apiKeyOf(f) === p.field) ? fields.value.find((f) => apiKeyOf(f) === p.field)!.name : '';
      if (field && !out[field]) out[field] = p;
    }
    return out;
  });
  /** Problems no field can show. */
  const looseProblems = computed(() => problems.value.filter((p) => p.field !== 'condition' && !fields.value.some((f) => apiKeyOf(f) === p.field)));

  function reset(from: Record<string, unknown> | null, prefill: Record<string, unknown> = {}): void {
    for (const key of Object.keys(values)) delete values[key];
    for (const f of editable.value) values[f.name] = from ? inputValueOf(from, f) : null;
    if (!from && pipelines.value.length) {
      const p = pipelines.value.find((x) => x.isDefault) ?? pipelines.value[0];
      values['pipeline'] = p?.key ?? null;
      values['stage'] = p?.stages[0]?.key ?? null;
    }
    original = JSON.parse(JSON.stringify(values)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(prefill)) if (Object.hasOwn(values, key)) values[key] = value;
  }

  async function fetchRecord(): Promise<RecordRow | null> {
    const m = meta.value;
    if (!m || !id.value) return null;
    const data = await session.request(recordDocument(m, fields.value, ctx.value), { id: id.value });
    return data.record;
  }

  async function load(prefill: Record<string, unknown> = {}): Promise<void> {
    const m = meta.value;
    if (!m) return;
    prepareValidation(m);
    problems.value = [];
    saveError.value = null;
    conflict.value = false;
    approvalSent.value = null;
    if (!id.value) {
      record.value = null;
      reset(null, prefill);
      status.value = 'ready';
      return;
    }
    status.value = 'loading';
    try {
      const found = await fetchRecord();
      record.value = found;
      if (!found) {
        status.value = 'not-found';
        return;
      }
      reset(found);
      status.value = 'ready';
    } catch (e) {
      loadError.value = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
      status.value = e instanceof GraphqlError && e.code === 'NOT_FOUND' ? 'not-found' : 'error';
    }
  }

  /** After a CONFLICT: the record as it is now, with the user's own changes kept on top. */
  async function reloadKeepingChanges(): Promise<void> {
    const mine = changes();
    const found = await fetchRecord();
    if (!found) {
      status.value = 'not-found';
      return;
    }
    record.value = found;
    reset(found);
    for (const [name, value] of Object.entries(mine)) values[name] = value;
    conflict.value = false;
    saveError.value = null;
    problems.value = [];
  }

  /** Changed values by field name (create: everything filled in). */
  function changes(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of editable.value) {
      const value = values[f.name];
      if (mode.value === 'create' ? !isEmpty(value) : !same(value, original[f.name])) out[f.name] = isEmpty(value) ? null : value;
    }
    return out;
  }

  const dirty = computed(() => {
    // Read every value so the computed follows each of them.
    void JSON.stringify(values);
    return Object.keys(changes()).length > 0;
  });

  function toInput(changed: Record<string, unknown>): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const f of editable.value) if (Object.hasOwn(changed, f.name)) input[apiKeyOf(f)] = changed[f.name];
    return input;
  }

  /**
   * Validates and saves. Returns the saved record's id, or null when it was not saved (the reasons are in
   * `problems`, `saveError` and `conflict`).
   */
  async function save(): Promise<string | null> {
    const m = meta.value;
    if (!m || saving.value) return null;
    saveError.value = null;
    conflict.value = false;
    approvalSent.value = null;
    const input = toInput(changes());
    const required = new Set(editable.value.filter((f) => f.required).map(apiKeyOf));
    saving.value = true;
    try {
      problems.value = await validateInput(m, input, mode.value, required);
      if (problems.value.length) return null;
      if (mode.value === 'create') {
        const { record: created } = await session.request(createDocument(m), { input });
        return created.id;
      }
      const current = record.value;
      if (!current) return null;
      if (!Object.keys(input).length) return current.id;
      const { record: updated } = await session.request(updateDocument(m), { id: current.id, version: current.version, input });
      return updated.id;
    } catch (e) {
      const error = e instanceof GraphqlError ? e : new GraphqlError('BAD_RESPONSE', String(e));
      const sent = approvalSentOf(error);
      if (sent) {
        approvalSent.value = sent;
        // Nothing was written: the held fields show the record's values (locked) until the request is decided.
        for (const f of editable.value) if (sent.fields.includes(apiKeyOf(f)) || sent.fields.includes(f.name)) values[f.name] = original[f.name];
      } else if (error.code === 'CONFLICT' && mode.value === 'update' && !isApprovalLock(error)) conflict.value = true;
      else {
        const found = fromServerDetails(error.details);
        // A stage gate's "required" means "needed to enter this stage", not "always required".
        problems.value =
          error.code === 'STAGE_GATE_BLOCKED'
            ? found.map((p) => (p.keyword === 'required' ? { ...p, keyword: 'gateRequired' } : p))
            : isApprovalLock(error)
              ? found.map((p) => ({ ...p, keyword: 'approvalPending' }))
              : found;
        saveError.value = error;
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  function setValue(field: FieldMeta, value: unknown): void {
    values[field.name] = value;
    // A pipeline change starts at its first stage.
    if (field.name === 'pipeline') {
      const p = pipelines.value.find((x) => x.key === value);
      values['stage'] = p?.stages[0]?.key ?? null;
    }
    // The user is fixing it: the message has done its job.
    const key = apiKeyOf(field);
    if (problems.value.some((p) => p.field === key || (field.name === 'stage' && p.field === 'condition'))) {
      problems.value = problems.value.filter((p) => p.field !== key && !(field.name === 'stage' && p.field === 'condition'));
    }
  }

  return {
    status,
    loadError,
    record,
    values,
    problems,
    errorsByField,
    looseProblems,
    saveError,
    conflict,
    approvalSent,
    saving,
    dirty,
    fields,
    editable,
    mode,
    pipeline,
    stage,
    load,
    save,
    setValue,
    reloadKeepingChanges,
  };
}
