import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from '../../../i18n/locales/en/setup-access';
import zh from '../../../i18n/locales/zh/setup-access';
import type { AccessErrorKey } from '../../../composables/setup/access/access-problem';

const SRC = fileURLToPath(new URL('../../../', import.meta.url));
const FILES = ['components/setup/access', 'composables/setup/access', 'pages/setup', 'pages/InvitePage.vue'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => {
    const child = join(path, name);
    return statSync(child).isDirectory() ? files(child) : /\.(vue|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [child] : [];
  });
}

const has = (path: string) =>
  path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), { access: en }) !==
  undefined;

describe('access messages', () => {
  it('has every literal access.* key the access screens use', () => {
    const used = new Set(
      FILES.flatMap((f) => files(join(SRC, f))).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/['"`](access\.[A-Za-z0-9_.]+)['"`]/g)].map((m) => m[1]!),
      ),
    );
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((key) => !has(key))).toEqual([]);
  });

  it('words every refusal the studio tells apart', () => {
    const keys: AccessErrorKey[] = ['lastAdmin', 'cycle', 'nameTaken', 'nameLength', 'parentUnknown', 'managerInvalid', 'notFound', 'forbidden'];
    expect(keys.filter((k) => !has(`access.errors.${k}`))).toEqual([]);
  });

  it('has no Chinese message left in English', () => {
    const leaves = (node: unknown, path = ''): [string, string][] =>
      node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k)) : [[path, String(node)]];
    const english = new Map(leaves(en));
    const same = leaves(zh).filter(([path, text]) => english.get(path) === text && /[a-z]{3}/i.test(text));
    expect(same).toEqual([]);
  });
});
