/**
 * Converting a record (a lead) into records of other objects, as its conversion definition says: every target
 * is created from the mapped fields (or linked to an existing record the user chose), the new records are tied
 * together through their lookups, and the source is marked converted and points to what it became — all in
 * one transaction. Targets with match fields refuse to create a likely duplicate unless told to.
 */
import type { ConversionModel, ConversionTarget, ObjectModel } from '@funnelcraft/definitions';
import { badInput, conflict, DomainError, ErrorCode, type ErrorDetail } from '@funnelcraft/kernel';
import { assertVersion, findMatches, findRecordsByIds, updateRecord, valuesMatch, type Row } from '@funnelcraft/storage';
import { inTransaction, type RecordContext } from './context.js';
import { authorize, withoutHidden } from './permissions.js';
import { createRecords, eventOf, objectOf } from './records-service.js';
import type { RecordInput } from './record-validation.js';

export interface ConversionChoice {
  target: string;
  /** Link this existing record instead of creating one. */
  id?: string;
  /** Leave an optional target out. */
  skip?: boolean;
  /** Create even though possible duplicates exist. */
  createNew?: boolean;
  /** Values for the new record, over the mapped ones. */
  values?: RecordInput;
}

export interface ConversionCandidate {
  target: string;
  object: string;
  record: Row;
  matchedOn: string[];
}

export interface ConvertedRecord {
  target: string;
  object: string;
  id: string;
  created: boolean;
}

function conversionOf(ctx: RecordContext, o: ObjectModel): ConversionModel {
  const c = ctx.model.conversions.get(o.name);
  if (!c) throw badInput(`${o.name} has no conversion defined`, [{ path: 'id', message: 'no conversion' }]);
  return c;
}

async function sourceRecord(ctx: RecordContext, o: ObjectModel, id: string): Promise<Row> {
  const [row] = await findRecordsByIds(ctx.db, ctx.tenant.schema, o, [id], undefined, authorize(ctx, 'read', o.name));
  if (!row) throw new DomainError(ErrorCode.NotFound, `${o.name} ${id} not found`, [{ path: 'id', message: 'not found' }]);
  return row;
}

async function matchesFor(ctx: RecordContext, t: ConversionTarget, values: RecordInput): Promise<ConversionCandidate[]> {
  const target = objectOf(ctx, t.object);
  const criteria = t.match.flatMap((field) => (typeof values[field] === 'string' ? [{ field, value: values[field] as string }] : []));
  // Candidates are records the actor may read: a rep is not shown another rep's matching account.
  // Shown whole (as JSON), so without the fields the actor's role may not see.
  const rows = withoutHidden(ctx, target, await findMatches(ctx.db, ctx.tenant.schema, target, criteria, 10, authorize(ctx, 'read', target.name)));
  return rows.map((record) => ({
    target: t.key,
    object: t.object,
    record,
    matchedOn: criteria
      .filter((c) => {
        const v = record[c.field];
        if (typeof v !== 'string') return false;
        return valuesMatch(target.fieldsByName.get(c.field)?.kind.match ?? 'caseless', v, c.value);
      })
      .map((c) => c.field),
  }));
}

/** The values a target's new record gets from the source (before choices and lookups). */
function mapped(t: ConversionTarget, source: Row): RecordInput {
  return Object.fromEntries(
    Object.entries(t.map)
      .map(([to, from]) => [to, source[from] ?? undefined])
      .filter(([, v]) => v !== undefined && v !== null),
  );
}

/** Existing records that look like what converting would create, per target with match fields. */
export async function conversionCandidates(ctx: RecordContext, objectName: string, id: string): Promise<ConversionCandidate[]> {
  const o = objectOf(ctx, objectName);
  authorize(ctx, 'read', o.name);
  const c = conversionOf(ctx, o);
  const source = await sourceRecord(ctx, o, id);
  const found = await Promise.all(c.targets.filter((t) => t.match.length).map((t) => matchesFor(ctx, t, mapped(t, source))));
  return found.flat();
}

export async function convertRecord(
  ctx: RecordContext,
  objectName: string,
  id: string,
  version: number,
  choices: ConversionChoice[] = [],
): Promise<{ source: Row; records: ConvertedRecord[] }> {
  const o = objectOf(ctx, objectName);
  authorize(ctx, 'update', o.name);
  const c = conversionOf(ctx, o);
  const problems: ErrorDetail[] = [];
  const byTarget = new Map<string, ConversionChoice>();
  choices.forEach((choice, i) => {
    const t = c.targets.find((x) => x.key === choice.target);
    if (!t) problems.push({ path: `choices[${i}].target`, message: `no target "${choice.target}"; targets: ${c.targets.map((x) => x.key).join(', ')}` });
    else if (choice.skip && !t.optional) problems.push({ path: `choices[${i}].skip`, message: `${t.key} cannot be left out` });
    byTarget.set(choice.target, choice);
  });
  if (problems.length) throw badInput('Invalid conversion choices', problems);

  return inTransaction(ctx, async (tx) => {
    const source = await sourceRecord(tx, o, id);
    assertVersion(o, source, version);
    if (c.status && source[c.status.field] === c.status.value)
      throw conflict(`${o.name} ${id} is already converted`, [{ path: 'id', message: 'already converted' }]);
    const results = new Map<string, ConvertedRecord>();
    for (const t of c.targets) {
      const choice = byTarget.get(t.key);
      if (choice?.skip) continue;
      if (choice?.id) {
        const [existing] = await findRecordsByIds(tx.db, tx.tenant.schema, objectOf(tx, t.object), [choice.id], undefined, authorize(tx, 'read', t.object));
        if (!existing) throw badInput(`No ${t.object} ${choice.id} to link`, [{ path: `choices.${t.key}.id`, message: 'not found' }]);
        results.set(t.key, { target: t.key, object: t.object, id: choice.id, created: false });
        continue;
      }
      const values: RecordInput = { ...mapped(t, source), ...(choice?.values ?? {}) };
      for (const [field, earlier] of Object.entries(t.lookups)) {
        const linked = results.get(earlier);
        if (linked) values[field] = linked.id;
      }
      if (t.match.length && !choice?.createNew) {
        const duplicates = await matchesFor(tx, t, values);
        if (duplicates.length) {
          throw new DomainError(
            ErrorCode.Conflict,
            `Possible duplicate ${t.object}: link one (choices: {target: "${t.key}", id}) or create anyway (createNew: true)`,
            duplicates.map((d) => ({ path: `choices.${t.key}`, message: `matches on ${d.matchedOn.join(', ')}`, id: d.record['id'], matchedOn: d.matchedOn })),
          );
        }
      }
      const [created] = await createRecords(tx, t.object, [values], true);
      results.set(t.key, { target: t.key, object: t.object, id: created!['id'] as string, created: true });
    }
    const links: Record<string, unknown> = { updated_by: tx.actor.userId };
    const traced: string[] = [];
    for (const t of c.targets) {
      const r = results.get(t.key);
      if (!r) continue;
      links[o.fieldsByName.get(t.link)!.column] = r.id;
      traced.push(t.link);
    }
    if (c.status) {
      links[o.fieldsByName.get(c.status.field)!.column] = c.status.value;
      traced.push(c.status.field);
    }
    // The source's timeline shows its conversion: the status and the links it gained.
    const updated = await updateRecord(
      tx.db,
      tx.tenant.schema,
      o,
      id,
      version,
      links,
      { actor: tx.actor.userId, fieldHistory: traced, event: eventOf(tx, o, 'updated') },
      authorize(tx, 'update', o.name),
    );
    return { source: updated, records: [...results.values()] };
  });
}
