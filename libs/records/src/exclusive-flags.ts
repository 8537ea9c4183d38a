/**
 * Flags on for at most one record per group (`x-exclusive-per`, e.g. one primary contact role per opportunity):
 * a write that turns one on turns the group's others off, in the write's own transaction (see
 * clearExclusiveFlag in libs/storage). The write itself is unchanged; the flag's owner never sees a refusal.
 */
import type { ObjectModel } from '@funnelcraft/definitions';
import { validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import { clearExclusiveFlag, type ExclusiveFlag, type Queryable } from '@funnelcraft/storage';
import { inTransaction, type RecordContext } from './context.js';
import type { RecordInput } from './record-validation.js';

export const hasExclusiveFlags = (o: ObjectModel) => o.fields.some((f) => f.exclusivePer !== undefined);

/** The exclusive flags that are on in a record as it will be after the write, each with its group. */
export function flagsOn(o: ObjectModel, record: RecordInput): ExclusiveFlag[] {
  const out: ExclusiveFlag[] = [];
  for (const flag of o.fields) {
    const group = flag.exclusivePer === undefined ? undefined : o.fieldsByName.get(flag.exclusivePer);
    const groupId = group ? record[group.name] : undefined;
    if (group && record[flag.name] === true && typeof groupId === 'string') out.push({ flag, group, groupId });
  }
  return out;
}

/** Whether a patch can turn a flag on for a group: it sets a flag, or moves the record to another group. */
export function patchTouchesFlags(o: ObjectModel, patch: RecordInput): boolean {
  return o.fields.some((f) => f.exclusivePer !== undefined && (patch[f.name] === true || Object.hasOwn(patch, f.exclusivePer)));
}

/** Two records of one batch turning on one group's flag: refused, since the batch does not say which one wins. */
export function assertOnePerGroup(o: ObjectModel, inputs: RecordInput[]): void {
  const seen = new Map<string, number>();
  const problems: ErrorDetail[] = [];
  inputs.forEach((input, i) => {
    for (const { flag, groupId } of flagsOn(o, input)) {
      const key = `${flag.name}:${groupId}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else problems.push({ path: `inputs[${i}].${flag.name}`, message: `only one record per ${flag.exclusivePer} can have it; inputs[${first}] has it too` });
    }
  });
  if (problems.length) throw validationFailed(`${problems.length} ${o.plural} turn on a flag another record of the same call turns on`, problems);
}

/**
 * Runs `write` (a statement on `db`) after clearing `flags` on the other records of their groups, all in one
 * transaction; without flags, `write` runs as it would have.
 */
export function withExclusiveFlags<T>(
  ctx: RecordContext,
  o: ObjectModel,
  flags: ExclusiveFlag[],
  exceptId: string | null,
  write: (db: Queryable) => Promise<T>,
): Promise<T> {
  if (!flags.length) return write(ctx.db);
  return inTransaction(ctx, async (tx) => {
    for (const f of flags) await clearExclusiveFlag(tx.db, ctx.tenant.schema, o, f, exceptId, ctx.actor.userId);
    return write(tx.db);
  });
}
