/**
 * Rename instructions (`x-renamed-from`) the diff cannot carry out are refused rather than ignored: swapping
 * two fields or two objects, renaming onto a name the applied model still has, two renames from one name, or
 * renaming an object whose old name a document still defines. Each used to answer `applied: true` and change
 * nothing. (A stale instruction, whose old name is gone and new name exists, is a rename already done: fine.)
 */
import type { ErrorDetail } from '@funnelcraft/kernel';
import type { ObjectModel, TenantModel } from './model.js';

const HOW = 'rename through a free name in two applies, or remove the other one first';

function renameClashes(renames: { name: string; from: string; path: string }[], had: (name: string) => boolean, what: string, problems: ErrorDetail[]): void {
  const claimed = new Map<string, string>();
  for (const r of renames) {
    if (r.from === r.name || !had(r.from)) continue;
    if (had(r.name))
      problems.push({
        path: r.path,
        message: `cannot rename ${what} "${r.from}" to "${r.name}": "${r.name}" still exists (a swap, or a rename onto an existing ${what}); ${HOW}`,
        keyword: 'rename',
      });
    const other = claimed.get(r.from);
    if (other !== undefined)
      problems.push({ path: r.path, message: `"${r.name}" and "${other}" are both renamed from ${what} "${r.from}"`, keyword: 'rename' });
    claimed.set(r.from, r.name);
  }
}

/** Problems with the renames from `before` to `after`; `priorOf` gives the applied object a proposed one continues. */
export function renameProblems(before: TenantModel, after: TenantModel, priorOf: (o: ObjectModel) => ObjectModel | undefined): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const objectRenames = after.objects.filter((o) => o.renamedFrom).map((o) => ({ name: o.name, from: o.renamedFrom!, path: `${o.name}.x-renamed-from` }));
  renameClashes(objectRenames, (n) => before.byName.has(n), 'object', problems);
  for (const r of objectRenames) {
    if (r.from !== r.name && before.byName.has(r.from) && !before.byName.has(r.name) && after.byName.has(r.from)) {
      problems.push({
        path: r.path,
        message: `cannot rename object "${r.from}" to "${r.name}" while a document still defines "${r.from}"; ${HOW}`,
        keyword: 'rename',
      });
    }
  }
  for (const o of after.objects) {
    const prior = priorOf(o);
    if (!prior) continue;
    const fieldRenames = o.fields.filter((f) => f.renamedFrom).map((f) => ({ name: f.name, from: f.renamedFrom!, path: `${o.name}.${f.name}.x-renamed-from` }));
    renameClashes(fieldRenames, (n) => prior.fieldsByName.has(n), 'field', problems);
  }
  return problems;
}
